import { z } from 'zod';
import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { disconnectMailbox, getMailbox, insertMailbox, listMailboxes, updateMailboxSender } from '../../ingest/mailboxes/mailboxes-db.ts';
import { senderNameField, senderPatch, signatureField } from '../schemas/sender.ts';
import type { SecretBox } from '../../ingest/mailboxes/secret-box.ts';
import type { MailServerConfig } from '../../ingest/imap/types.ts';
import { route } from '../route.ts';
import * as R from '../schemas/responses.ts';
import { idOf, idParam } from '../schemas/common.ts';
import { visibleWorkspaces } from './crm-relationships.ts';

const server = z
  .object({
    host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.-]+$|^\[?[0-9a-fA-F:.]+\]?$/, 'is not a host name or address'),
    port: z.number().int().min(1).max(65535),
    secure: z.boolean(),
    user: z.string().min(1).max(320),
    password: z.string().min(1).max(1000),
  })
  .strict();

export const mailboxCreate = z
  .object({
    workspaceId: idOf('ws'),
    address: z.string().email('is not an email address').max(320).transform((v) => v.toLowerCase()),
    imap: server,
    smtp: server,
    folders: z.object({ inbox: z.string().min(1).max(200).default('INBOX'), sent: z.string().min(1).max(200).default('Sent') }).strict().default({ inbox: 'INBOX', sent: 'Sent' }),
    // who signs replies from this mailbox; unset: the workspace's (GET|PATCH /v1/link-building/workspaces/:id/settings)
    senderName: senderNameField.optional(),
    signature: signatureField.optional(),
  })
  .strict();

export interface MailboxRouteDeps {
  db: Db;
  /** Null when SECRET_KEY is not set: passwords could not be stored safely. */
  box: SecretBox | null;
  testImap: (cfg: MailServerConfig, opts: { folder: string }) => Promise<void>;
  testSmtp: (cfg: MailServerConfig) => Promise<void>;
  onChange: () => void;
}

/** The connection tests name `imap.password`, `smtp.port`, ...; on this API they sit under `body.` */
function underBody(e: unknown): unknown {
  if (e instanceof AppError && e.code === 'VALIDATION' && e.field && !e.field.startsWith('body.')) {
    return new AppError('VALIDATION', `body.${e.field}: ${e.message}`, { field: `body.${e.field}`, cause: e });
  }
  return e;
}

export const mailboxRoutes = (deps: MailboxRouteDeps) => [
  route({
    method: 'post', path: '/mailboxes', tag: 'Mailboxes', auth: 'apiKey', status: 201, body: mailboxCreate, response: R.mailbox,
    summary: 'Connect a mailbox: both connections are tested first; passwords are encrypted at rest and never returned',
    handler: async ({ body, access }) => {
      visibleWorkspaces(access, body.workspaceId, 'body.workspaceId');
      if (!deps.box) throw new AppError('UNAVAILABLE', 'mailboxes cannot be connected: the server has no SECRET_KEY to encrypt passwords with', { retryable: false });
      try {
        await deps.testImap(body.imap, { folder: body.folders.inbox });
        await deps.testSmtp(body.smtp);
      } catch (e) {
        throw underBody(e);
      }
      const created = await insertMailbox(deps.db, body, deps.box);
      deps.onChange();
      return created;
    },
  }),
  route({
    method: 'get', path: '/mailboxes', tag: 'Mailboxes', auth: 'apiKey', summary: 'Connected mailboxes with their sync state',
    query: z.object({ workspaceId: idOf('ws').optional() }).strict(), response: R.listOf(R.mailbox),
    handler: async ({ query, access }) => ({ data: await listMailboxes(deps.db, visibleWorkspaces(access, query.workspaceId, 'query.workspaceId')) }),
  }),
  route({
    method: 'get', path: '/mailboxes/:id', tag: 'Mailboxes', auth: 'apiKey', summary: 'One mailbox with its sync state',
    params: idParam('mbx'), response: R.mailbox,
    handler: async ({ params, access }) => (await getMailbox(deps.db, params.id, access.workspaceIds)) ?? Promise.reject(new AppError('NOT_FOUND', 'mailbox not found')),
  }),
  route({
    method: 'patch', path: '/mailboxes/:id', tag: 'Mailboxes', auth: 'apiKey', body: senderPatch,
    summary: "Change who signs replies from this mailbox (senderName, signature; null clears one: the workspace's is used)",
    params: idParam('mbx'), response: R.mailbox,
    handler: async ({ params, body, access }) => (await updateMailboxSender(deps.db, params.id, access.workspaceIds, body)) ?? Promise.reject(new AppError('NOT_FOUND', 'mailbox not found')),
  }),
  route({
    method: 'delete', path: '/mailboxes/:id', tag: 'Mailboxes', auth: 'apiKey', summary: 'Disconnect a mailbox (its messages stay)',
    params: idParam('mbx'),
    handler: async ({ params, access }) => {
      if (!(await disconnectMailbox(deps.db, params.id, access.workspaceIds))) throw new AppError('NOT_FOUND', 'mailbox not found');
      deps.onChange();
      return undefined;
    },
  }),
];
