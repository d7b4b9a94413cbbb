/**
 * What the API answers, as zod schemas: the route declarations name them (`response:`), which makes
 * TypeScript check each handler's return type against its schema, and the OpenAPI document is generated
 * from them (src/http/openapi.ts). A schema registered in `apiComponents` with an `id` becomes
 * `#/components/schemas/<id>` and is referenced, not repeated. Objects are closed: a field a handler
 * returns that is not declared here fails test/http/openapi-conformance.test.ts.
 */
import { z } from 'zod';
import { EVENT_TYPES, PRIORITIES, RELATIONSHIP_STATUSES, SOURCES, SYSTEM_CONTACT_STATUSES } from '../../crm/types.ts';
import { ASSERTION_SOURCES, EVIDENCE_KINDS, FACT_KINDS } from '../../crm/shared-facts.ts';
import { APPROVAL_STATUSES, DECISION_CHANNELS } from '../../respond/approvals/types.ts';
import { OUTREACH_STATUSES } from '../../respond/outreach/types.ts';
import { gatePolicySchema } from '../../gates/policy.ts';

/** Schemas published under `components/schemas`, by id. */
export const apiComponents = z.registry<{ id: string; description?: string }>();
const component = <S extends z.ZodType>(schema: S, id: string, description: string): S => {
  apiComponents.add(schema, { id, description });
  return schema;
};

/** An ISO 8601 time as the API writes it (UTC, milliseconds). */
export const time = z.string().meta({ format: 'date-time', example: '2026-11-20T10:00:00.000Z' });
const id = (prefix: string) => z.string().meta({ example: `${prefix}_01jd8x3v5m7q9s2t4w6y8z0a1b` });
/** Free-form JSON the service stores as it came (a classification, a decision, event metadata). */
const json = z.record(z.string(), z.unknown());

/** A keyset page: `{data, nextCursor}`; null when there is no next page. */
export const pageOf = <S extends z.ZodType>(item: S) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
/** A whole list, unpaged (admin lists). */
export const listOf = <S extends z.ZodType>(item: S) => z.object({ data: z.array(item) });

export const errorResponse = component(
  z.object({
    error: z.object({
      code: z.string().meta({ description: 'lowercase AppError code: validation, unauthorized, not_found, method_not_allowed, conflict, payload_too_large, unsupported_media_type, permanent, unavailable, internal', example: 'validation' }),
      message: z.string().meta({ description: 'For validation errors always `<field>: <what is wrong>`', example: 'body.email: is required' }),
      field: z.string().optional().meta({ description: 'The input at fault: `body.email`, `query.limit`, `params.id`, `headers.content-type`', example: 'body.email' }),
      requestId: z.string().optional().meta({ description: 'The request id (also the X-Request-Id header): quote it when asking for help' }),
    }),
  }),
  'Error',
  'Every error answer: a status from 400 to 503 and this body',
);

// ── tenants ────────────────────────────────────────────────────────────────────────────────────────
export const agency = component(z.object({ id: id('ag'), name: z.string(), createdAt: time }), 'Agency', 'An agency: it owns workspaces and API keys');

export const workspace = component(
  z.object({
    id: id('ws'),
    agencyId: z.string(),
    name: z.string(),
    approvers: z.object({ emails: z.array(z.string()), slackChannelId: z.string().nullable(), slackUserIds: z.array(z.string()) }),
    createdAt: time,
  }),
  'Workspace',
  "An agency's client: relationships, mailboxes, approvers and gate policy belong to one",
);
export const workspaceCreated = workspace.extend({ webhookSecret: z.string().meta({ description: 'Shown this once; set it as X-Webhook-Secret in Instantly', example: 'whsec_…' }) });
export const webhookSecretRotated = z.object({ id: z.string(), webhookSecret: z.string() });

const apiKeyFields = {
  id: id('key'),
  agencyId: z.string(),
  name: z.string().nullable(),
  prefix: z.string().nullable().meta({ description: "The key's first characters, to tell keys apart; null for keys made before they were kept", example: 'lbk_Ab3dEf' }),
  workspaceIds: z.array(z.string()).nullable().meta({ description: 'null: every workspace of the agency' }),
  createdAt: time,
};
export const apiKeyCreated = z.object({ ...apiKeyFields, apiKey: z.string().meta({ description: 'The key itself: shown this once, stored only as a hash', example: 'lbk_…' }) });
export const apiKeyListed = component(
  z.object({ ...apiKeyFields, lastUsedAt: time.nullable().meta({ description: 'To the minute' }), revokedAt: time.nullable() }),
  'ApiKey',
  'An API key as listed: never the key itself',
);

// ── CRM ────────────────────────────────────────────────────────────────────────────────────────────
export const account = component(
  z.object({
    id: id('acct'),
    domain: z.string(),
    name: z.string().nullable(),
    source: z.enum(SOURCES).nullable(),
    sourceDetails: z.string().nullable(),
    rawNotes: z.string().nullable().meta({ description: "The asking workspace's own notes (with workspaceId), else null" }),
    bestContactId: z.string().nullable(),
    isActive: z.boolean(),
    lastContactedAt: time.nullable(),
    systemContactStatus: z.enum(SYSTEM_CONTACT_STATUSES),
    firstContactedAt: time.nullable(),
    firstContactedByOrgId: z.string().nullable().meta({ description: "Shown only to that workspace's own agency" }),
    lastContactedByOrgId: z.string().nullable(),
    coolingOffUntil: time.nullable(),
    contactAttemptCount: z.number().int(),
    priceLinkInsertion: z.number().nullable(),
    priceGuestPost: z.number().nullable(),
    priceCurrency: z.string().nullable(),
    pricesUpdatedAt: time.nullable(),
    domainRating: z.number().nullable(),
    organicTraffic: z.number().nullable(),
    organicKeywords: z.number().nullable(),
    referringDomains: z.number().nullable(),
    backlinks: z.number().nullable(),
    ahrefStatsUpdatedAt: time.nullable(),
    createdAt: time,
    updatedAt: time,
  }),
  'Account',
  'A partner domain, shared by every agency (facts and notes as the asking workspace sees them)',
);

export const contact = component(
  z.object({
    id: id('ct'),
    accountId: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    email: z.string(),
    position: z.string().nullable(),
    seniority: z.string().nullable(),
    linkedinUrl: z.string().nullable(),
    twitterHandle: z.string().nullable(),
    notes: z.string().nullable().meta({ description: "The asking workspace's own notes (with workspaceId), else null" }),
    apolloPersonId: z.string().nullable(),
    emailInvalidAt: time.nullable().meta({ description: 'Set when a hard bounce proved the address undeliverable' }),
    createdAt: time,
    updatedAt: time,
  }),
  'Contact',
  'A person at a partner, shared by every agency',
);

export const relationship = component(
  z.object({
    id: id('rel'),
    organizationId: z.string().meta({ description: 'The workspace' }),
    workspaceId: z.string().optional(),
    accountId: z.string(),
    source: z.enum(SOURCES),
    sourceDetails: z.string().nullable(),
    rawNotes: z.string().nullable(),
    targetBlogPost: z.string().nullable(),
    ourContent: z.string().nullable(),
    status: z.enum(RELATIONSHIP_STATUSES).meta({ description: 'Derived from the events' }),
    priority: z.enum(PRIORITIES),
    contactedByUs: z.boolean(),
    firstContactedByUsAt: time.nullable(),
    lastContactedByUsAt: time.nullable(),
    contactedByOtherOrg: z.boolean(),
    firstContactedAt: time.nullable(),
    createdAt: time,
    updatedAt: time,
  }),
  'Relationship',
  "A workspace's relationship with a partner account (one per workspace and account)",
);

export const crmEvent = component(
  z.object({
    id: id('evt'),
    relationshipId: z.string(),
    contactId: z.string().nullable(),
    type: z.enum(EVENT_TYPES),
    subject: z.string().nullable(),
    content: z.string().nullable(),
    metadata: json,
    occurredAt: time,
    workspaceId: z.string(),
    accountId: z.string(),
    createdAt: time,
  }),
  'Event',
  'An append-only CRM event: never changed or deleted',
);

export const assertion = component(
  z.object({
    id: id('asr'),
    accountId: z.string(),
    workspaceId: z.string().nullable(),
    agencyId: z.string().nullable(),
    contactId: z.string().nullable(),
    fact: z.enum(FACT_KINDS),
    value: json,
    source: z.enum(ASSERTION_SOURCES),
    evidence: z.enum(EVIDENCE_KINDS),
    scope: z.enum(['SHARED', 'WORKSPACE']),
    flagged: z.boolean(),
    reason: z.string().nullable(),
    eventId: z.string().nullable(),
    reviewedAt: time.nullable(),
    reviewDecision: z.enum(['PROMOTE', 'DISMISS']).nullable(),
    reviewReason: z.string().nullable(),
    createdAt: time,
  }),
  'Assertion',
  'A shared fact asserted about an account: who, on which evidence, how far it reached',
);
export const clearedDoNotContact = z.object({ assertionId: z.string().nullable(), account: account.nullable() });

// ── inbound, approvals, outreach, gates, mailboxes ────────────────────────────────────────────────
const address = z.object({ address: z.string(), name: z.string() });
export const inboundMessage = component(
  z.object({
    id: id('in'),
    workspaceId: z.string(),
    source: z.enum(['IMAP', 'INSTANTLY']),
    mailboxId: z.string().nullable(),
    externalId: z.string().nullable(),
    messageId: z.string().nullable(),
    inReplyTo: z.string().nullable(),
    references: z.array(z.string()),
    from: address.nullable(),
    to: z.array(address),
    cc: z.array(address),
    subject: z.string().nullable(),
    text: z.string().nullable().meta({ description: 'null in lists (fetch the message for its body)' }),
    html: z.string().nullable(),
    attachments: z.array(z.object({ filename: z.string().nullable(), contentType: z.string(), size: z.number() })),
    receivedAt: time,
    relationshipId: z.string().nullable(),
    contactId: z.string().nullable(),
    accountId: z.string().nullable(),
    status: z.string().meta({ description: 'RECEIVED, CLASSIFIED, NO_REPLY, AUTO_REPLIED, WAITING_APPROVAL, APPROVED, SENT, DENIED, EXPIRED or FAILED' }),
    classification: z.unknown().meta({ description: 'The primary intent and secondary ones with confidences, and the extracted facts; null until classified' }),
    decision: z.unknown().meta({ description: 'The gate results and the decision (AUTO_REPLY, NEEDS_APPROVAL, NO_REPLY) with reasons; null until decided' }),
    draft: z.unknown().meta({ description: 'The drafted reply; null in lists and until drafted' }),
    createdAt: time,
  }),
  'InboundMessage',
  'A received email or Instantly reply with its classification, decision and draft',
);

export const approval = component(
  z.object({
    id: id('apr'),
    workspaceId: z.string(),
    inboundId: z.string().nullable(),
    outreachId: z.string().nullable(),
    relationshipId: z.string().nullable().meta({ description: 'null for a sender who matches no partner yet ("who is this?")' }),
    status: z.enum(APPROVAL_STATUSES),
    draft: z.object({ subject: z.string(), text: z.string(), html: z.string().nullable().optional() }).nullable(),
    gates: z.array(z.object({ gate: z.string(), reason: z.string() })),
    expiresAt: time,
    reminderAt: time,
    remindedAt: time.nullable(),
    decidedAt: time.nullable(),
    decidedBy: z.object({ channel: z.enum(DECISION_CHANNELS), actor: z.string() }).nullable(),
    editedText: z.string().nullable(),
    rejectReason: z.string().nullable(),
    createdAt: time,
  }),
  'Approval',
  'A reply or outreach email waiting for (or given) a human decision',
);

export const outreach = component(
  z.object({
    id: id('out'),
    workspaceId: z.string(),
    relationshipId: z.string(),
    accountId: z.string(),
    contactId: z.string(),
    mailboxId: z.string().nullable().meta({ description: 'The sending mailbox (SMTP); null when sent through Instantly' }),
    channel: z.enum(['SMTP', 'INSTANTLY']),
    instantlyCampaignId: z.string().nullable(),
    campaignId: z.string().nullable().meta({ description: 'The prospecting campaign that drafted it, if any' }),
    from: z.object({ address: z.string(), name: z.string().nullable() }),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string().nullable(),
    status: z.enum(OUTREACH_STATUSES),
    requireApproval: z.boolean(),
    checks: z.array(z.object({ gate: z.string(), passed: z.boolean(), reason: z.string().nullable().optional() })),
    approvalId: z.string().nullable(),
    messageId: z.string().nullable(),
    sendError: z.string().nullable(),
    idempotencyKey: z.string().nullable(),
    createdAt: time,
    sentAt: time.nullable(),
  }),
  'Outreach',
  'A first outreach email and where it is',
);

apiComponents.add(gatePolicySchema, { id: 'GatePolicy', description: "A workspace's gate policy (docs/gates.md)" });
export const gatesAnswer = z.object({ workspaceId: z.string(), policy: gatePolicySchema });

const server = z.object({ host: z.string(), port: z.number().int(), secure: z.boolean(), user: z.string() });
export const mailbox = component(
  z.object({
    id: id('mbx'),
    workspaceId: z.string(),
    address: z.string(),
    imap: server,
    smtp: server,
    folders: z.object({ inbox: z.string(), sent: z.string() }),
    senderName: z.string().nullable().meta({ description: "Who signs replies from this mailbox; null: the workspace's" }),
    signature: z.string().nullable(),
    createdAt: time,
    sync: z.object({ uidValidity: z.number().nullable(), lastUid: z.number().nullable(), lastSyncAt: time.nullable(), lastError: z.string().nullable(), lastErrorAt: time.nullable() }),
  }),
  'Mailbox',
  'A connected mailbox with its sync state; passwords are never returned',
);
