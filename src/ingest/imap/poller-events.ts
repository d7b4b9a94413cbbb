/** What a poller reports about itself, for metrics, logs and tests (ImapPollerOptions.onEvent). */
import type { AppError } from '../../errors.ts';
import type { FolderStatus, SyncPlan } from './sync-plan.ts';
import type { MailboxCursor } from './types.ts';

export type PollerEvent =
  | { type: 'lease-acquired' }
  | { type: 'lease-busy' }
  | { type: 'lease-lost' }
  | { type: 'connected' }
  | { type: 'sync-planned'; plan: SyncPlan; status: FolderStatus }
  | { type: 'batch-committed'; count: number; cursor: MailboxCursor }
  | { type: 'synced'; plan: SyncPlan; fetched: number }
  | { type: 'disconnected'; error: AppError }
  | { type: 'reconnect-scheduled'; attempt: number; delayMs: number }
  | { type: 'stopped' };

export type PollerState = 'idle' | 'waiting-for-lease' | 'connecting' | 'syncing' | 'listening' | 'backing-off' | 'stopping' | 'stopped';
