import type { Queryable } from '../db/types.ts';

/** Enqueues jobs inside the caller's transaction, so a job exists exactly when its data does. */
export type EnqueueInTx = (tx: Queryable, queue: string, payloads: ReadonlyArray<Record<string, unknown>>) => Promise<void>;
