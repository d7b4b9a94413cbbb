/**
 * GET|PATCH /v1/link-building/workspaces/:id/settings: a workspace's own settings an agency may change
 * with its API key — who signs replies (the fallback for mailboxes that name nobody, and for Instantly).
 */
import { z } from 'zod';
import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { getWorkspaceSender, updateWorkspaceSender } from '../../respond/draft/db/sender-settings.ts';
import { route } from '../route.ts';
import { idParam } from '../schemas/common.ts';
import { senderOut, senderPatch } from '../schemas/sender.ts';
import { visibleWorkspaces } from './crm-relationships.ts';

const settingsOut = z.object({ workspaceId: z.string(), name: z.string(), ...senderOut });

export const workspaceSettingsRoutes = (db: Db) => [
  route({
    method: 'get', path: '/workspaces/:id/settings', tag: 'Workspaces', auth: 'apiKey', params: idParam('ws'), response: settingsOut,
    summary: 'A workspace’s settings: the sender name and signature replies are signed with when their mailbox sets none',
    handler: async ({ params, access }) => {
      visibleWorkspaces(access, params.id, 'params.id');
      return (await getWorkspaceSender(db, params.id)) ?? Promise.reject(new AppError('NOT_FOUND', 'workspace not found'));
    },
  }),
  route({
    method: 'patch', path: '/workspaces/:id/settings', tag: 'Workspaces', auth: 'apiKey', params: idParam('ws'), body: senderPatch, response: settingsOut,
    summary: 'Change who signs the workspace’s replies (senderName, signature; null clears one); a mailbox’s own values win',
    openapi: { requestExamples: { sender: { summary: 'A name and a two-line signature', value: { senderName: 'Sam Lee', signature: 'Outreach lead, Acme SEO\nhttps://acme-seo.example' } } } },
    handler: async ({ params, body, access }) => {
      visibleWorkspaces(access, params.id, 'params.id');
      return (await updateWorkspaceSender(db, params.id, body)) ?? Promise.reject(new AppError('NOT_FOUND', 'workspace not found'));
    },
  }),
];
