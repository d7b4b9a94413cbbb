import { z } from 'zod';
import { EVENT_TYPES, MANUAL_EVENT_TYPES, PRIORITIES, RELATIONSHIP_STATUSES, SOURCES, SYSTEM_CONTACT_STATUSES } from '../../crm/types.ts';
import { EVIDENCE_KINDS } from '../../crm/shared-facts.ts';
import { account } from './responses.ts';
import { domainField, emailField, idOf, isoDateTime, nullableText, pageQuery } from './common.ts';

const money = z.number().nonnegative().max(1_000_000_000).multipleOf(0.01).nullable().optional();
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullable().optional();

/**
 * A shared fact a tenant cannot set by hand: present → 400 naming the field and saying how to assert it
 * instead (SPEC section 2, "Who may change shared facts"). `z.never()` documents it as refused in OpenAPI.
 */
const ASSERT_HOW = 'assert it with POST /v1/link-building/crm/account/{id}/assertions from a thread your workspace has with the partner';
const refused = (why: string) => z.never({ error: why }).optional().meta({ description: `Refused: ${why}` });
const sharedFactFields = {
  systemContactStatus: refused(`is shared by every agency and cannot be set by hand; DO_NOT_CONTACT: ${ASSERT_HOW}; only a platform admin can clear it`),
  coolingOffUntil: refused(`is shared by every agency and cannot be set by hand; ${ASSERT_HOW} (fact COOLING_OFF)`),
  priceLinkInsertion: refused(`is shared by every agency and cannot be set by hand; ${ASSERT_HOW} (fact PRICES)`),
  priceGuestPost: refused(`is shared by every agency and cannot be set by hand; ${ASSERT_HOW} (fact PRICES)`),
  priceCurrency: refused(`is shared by every agency and cannot be set by hand; ${ASSERT_HOW} (fact PRICES)`),
  bestContactId: refused(`is shared by every agency and cannot be set by hand; ${ASSERT_HOW} (fact BEST_CONTACT)`),
};
/** Notes are per workspace: they need the workspace they belong to. */
const notesWorkspace = idOf('ws').optional().meta({ description: 'The workspace whose own notes (rawNotes / notes) and own metrics (DR, traffic, …) this request reads or writes; both are per workspace' });

const accountFields = {
  name: nullableText(300),
  source: z.enum(SOURCES).nullable().optional(),
  sourceDetails: nullableText(),
  rawNotes: nullableText(100_000).meta({ description: "This workspace's own notes on the partner (needs workspaceId)" }),
  workspaceId: notesWorkspace,
  isActive: z.boolean().optional(),
  domainRating: z.number().min(0).max(100).nullable().optional(),
  organicTraffic: count,
  organicKeywords: count,
  referringDomains: count,
  backlinks: count,
  ...sharedFactFields,
};

const notesNeedWorkspace = (field: 'rawNotes' | 'notes') => (v: { workspaceId?: string | undefined } & Record<string, unknown>, ctx: z.RefinementCtx) => {
  if (v[field] !== undefined && !v.workspaceId) {
    ctx.addIssue({ code: 'custom', path: ['workspaceId'], message: `is required with ${field}: notes are per workspace` });
  }
};

/**
 * Metrics typed in on an existing account bind the caller's workspace only (another agency's
 * minimum-DR gate must not read a competitor's figure): they need the workspace they belong to.
 */
const metricsNeedWorkspace = (v: { workspaceId?: string | undefined } & Record<string, unknown>, ctx: z.RefinementCtx) => {
  for (const f of METRIC_FIELDS) {
    if (v[f] !== undefined && !v.workspaceId) {
      ctx.addIssue({ code: 'custom', path: [f], message: 'is measured for every agency and cannot be changed by hand; give workspaceId to set your own figure (it binds your workspace only)' });
      return;
    }
  }
};
export const accountPatch = z.object(accountFields).strict().superRefine(notesNeedWorkspace('rawNotes')).superRefine(metricsNeedWorkspace);
// Metrics given at creation are the creating workspace's own figures too: they seed no shared row.
export const accountCreate = z.object({ domain: domainField, ...accountFields }).strict().superRefine(notesNeedWorkspace('rawNotes')).superRefine(metricsNeedWorkspace);
/** Reading one account: optionally as one of the caller's workspaces sees it (its own facts and notes). */
export const accountView = z.object({ workspaceId: notesWorkspace }).strict();

export const ASSERTABLE_FACTS = ['DO_NOT_CONTACT', 'COOLING_OFF', 'PRICES', 'BEST_CONTACT', 'METRICS'] as const;
export const METRIC_FIELDS = ['domainRating', 'organicTraffic', 'organicKeywords', 'referringDomains', 'backlinks'] as const;
const metricFields = { domainRating: z.number().min(0).max(100).nullable().optional(), organicTraffic: count, organicKeywords: count, referringDomains: count, backlinks: count };
const assertionBase = { workspaceId: idOf('ws'), reason: z.string().trim().max(2_000).optional() };
export const assertionCreate = z.discriminatedUnion('fact', [
  z.object({ fact: z.literal('DO_NOT_CONTACT'), ...assertionBase }).strict(),
  z.object({ fact: z.literal('COOLING_OFF'), coolingOffUntil: isoDateTime, ...assertionBase }).strict(),
  z.object({
    fact: z.literal('PRICES'),
    priceLinkInsertion: money,
    priceGuestPost: money,
    priceCurrency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD').default('USD'),
    ...assertionBase,
  }).strict(),
  z.object({ fact: z.literal('BEST_CONTACT'), bestContactId: idOf('ct'), ...assertionBase }).strict(),
  z.object({ fact: z.literal('METRICS'), ...metricFields, ...assertionBase }).strict(),
]);
export const assertionResult = z.object({
  id: z.string(),
  fact: z.enum(ASSERTABLE_FACTS),
  scope: z.enum(['SHARED', 'WORKSPACE']).meta({ description: 'SHARED: every agency sees it; WORKSPACE: it binds only the asserting workspace and waits for an admin review' }),
  flagged: z.boolean(),
  evidence: z.enum(EVIDENCE_KINDS),
  why: z.string(),
  eventId: z.string().nullable(),
  account: account.optional().meta({ description: 'The account as the asserting workspace now sees it' }),
});

export const accountQuery = z
  .object({
    workspaceId: notesWorkspace,
    domain: domainField.optional(),
    systemContactStatus: z.enum(SYSTEM_CONTACT_STATUSES).optional(),
    minDomainRating: z.coerce.number().min(0).max(100).optional(),
    ...pageQuery,
  })
  .strict();

const contactFields = {
  firstName: nullableText(200),
  lastName: nullableText(200),
  position: nullableText(200),
  seniority: nullableText(100),
  linkedinUrl: z.string().url().max(500).nullable().optional(),
  twitterHandle: nullableText(100),
  notes: nullableText(100_000).meta({ description: "This workspace's own notes on the person (needs workspaceId)" }),
  workspaceId: notesWorkspace,
  apolloPersonId: nullableText(100),
};
export const contactCreate = z
  .object({
    accountId: idOf('acct'),
    email: emailField.meta({ description: "Must be an address at the account's domain, or a freemail address with freemail: true" }),
    freemail: z.boolean().optional().meta({
      description: "Marks a freemail address (gmail.com, …) as this account's contact; needs workspaceId, a workspace that has a thread with the address",
    }),
    ...contactFields,
  })
  .strict()
  .superRefine(notesNeedWorkspace('notes'))
  .superRefine((v, ctx) => {
    if (v.freemail && !v.workspaceId) ctx.addIssue({ code: 'custom', path: ['workspaceId'], message: 'is required with freemail: the workspace that has the thread with this address' });
  });
export const contactPatch = z
  .object({
    email: refused("a contact's address is shared and cannot be changed; create a new contact for the new address (POST /v1/link-building/crm/contact, at the account's domain)"),
    ...contactFields,
  })
  .strict()
  .superRefine(notesNeedWorkspace('notes'));
export const contactQuery = z.object({ workspaceId: notesWorkspace, accountId: idOf('acct').optional(), email: z.string().max(320).optional(), ...pageQuery }).strict();
export const contactView = z.object({ workspaceId: notesWorkspace }).strict();

const relationshipFields = {
  priority: z.enum(PRIORITIES).optional(),
  sourceDetails: nullableText(),
  rawNotes: nullableText(100_000),
  targetBlogPost: z.string().max(2_000).nullable().optional(),
  ourContent: z.string().max(100_000).nullable().optional(),
};
export const relationshipCreate = z
  .object({
    workspaceId: idOf('ws'),
    accountId: idOf('acct'),
    source: z.enum(SOURCES).default('MANUAL'),
    status: z.enum(['PROSPECTING', 'APPROVED_TO_CONTACT', 'QUEUED', 'INACTIVE']).optional(),
    ...relationshipFields,
  })
  .strict();
export const relationshipPatch = z.object({ status: z.enum(RELATIONSHIP_STATUSES).optional(), ...relationshipFields }).strict();
export const relationshipQuery = z
  .object({
    workspaceId: idOf('ws').optional(),
    status: z.enum(RELATIONSHIP_STATUSES).optional(),
    accountId: idOf('acct').optional(),
    priority: z.enum(PRIORITIES).optional(),
    ...pageQuery,
  })
  .strict();

export const eventCreate = z
  .object({
    relationshipId: idOf('rel'),
    type: z.enum(MANUAL_EVENT_TYPES),
    contactId: idOf('ct').nullable().optional(),
    subject: nullableText(1_000),
    content: nullableText(100_000),
    metadata: z.record(z.string().max(200), z.unknown()).optional(),
    occurredAt: isoDateTime.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.metadata && 'doNotContact' in v.metadata) {
      ctx.addIssue({
        code: 'custom', path: ['metadata', 'doNotContact'],
        message: 'a manual event cannot make a partner DO_NOT_CONTACT; assert it with POST /v1/link-building/crm/account/{id}/assertions (fact DO_NOT_CONTACT)',
      });
    }
    if (v.type === 'STATUS_CHANGED' && !(RELATIONSHIP_STATUSES as readonly unknown[]).includes(v.metadata?.['to'])) {
      ctx.addIssue({ code: 'custom', path: ['metadata', 'to'], message: `must be one of ${RELATIONSHIP_STATUSES.join(', ')}` });
    }
  });
export const eventQuery = z
  .object({
    relationshipId: idOf('rel').optional(),
    accountId: idOf('acct').optional(),
    workspaceId: idOf('ws').optional(),
    type: z.enum(EVENT_TYPES).optional(),
    since: isoDateTime.optional(),
    ...pageQuery,
  })
  .strict();
