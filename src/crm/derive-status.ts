/**
 * Relationship status is derived, never set: this file is the one transition table.
 *
 * Input: the status the relationship was created with, its own events, and the EMAIL_SENT times
 * of other workspaces on the same account (shown only as "contacted by another org", never who).
 * Both streams are merged in (occurredAt, id) order and folded through `transition`.
 *
 * | event                        | from                                                    | to                      |
 * |------------------------------|---------------------------------------------------------|-------------------------|
 * | EMAIL_SENT                   | PROSPECTING, APPROVED_TO_CONTACT, QUEUED, CONTACTED_BY_OTHER_ORG, INACTIVE | CONTACTED_BY_US |
 * | EMAIL_RECEIVED (human)       | any pre-engagement stage or INACTIVE (see below)         | ACTIVELY_ENGAGED        |
 * | REJECTED                     | any                                                     | NOT_INTERESTED          |
 * | LINK_PLACED                  | any                                                     | LINK_PLACED             |
 * | STATUS_CHANGED               | any                                                     | metadata.to             |
 * | other workspace's EMAIL_SENT | PROSPECTING, APPROVED_TO_CONTACT, QUEUED                | CONTACTED_BY_OTHER_ORG  |
 * | anything else (AUTO_REPLY_RECEIVED, BOUNCED, NOTE_ADDED, pipeline steps, ...) | any | unchanged |
 *
 * A human reply engages the relationship whether or not we wrote first: a partner who writes to this
 * workspace unprompted (an INBOUND relationship created by ingest, or a PROSPECTING / QUEUED one nobody
 * has emailed yet) is in a conversation with us, and leaving it PROSPECTING hid it from the pipeline
 * (issue 11). Auto-replies and bounces arrive as other event types and never engage.
 *
 * Side fields: contactedByUs / first / lastContactedByUsAt follow our EMAIL_SENT; contactedByOtherOrg
 * becomes true at the first other-workspace send; firstContactedAt is the first message either way
 * between this workspace and the account (our send or their reply).
 */
import { RELATIONSHIP_STATUSES, type EventType, type RelationshipStatus } from './types.ts';

export interface StatusEvent {
  id: string;
  type: EventType;
  occurredAt: string; // ISO
  metadata?: Record<string, unknown> | null;
}

export interface OtherOrgSend {
  id: string;
  occurredAt: string;
}

export interface RelationshipProjection {
  status: RelationshipStatus;
  contactedByUs: boolean;
  firstContactedByUsAt: string | null;
  lastContactedByUsAt: string | null;
  contactedByOtherOrg: boolean;
  firstContactedAt: string | null;
}

export type Step = { kind: 'own'; event: StatusEvent } | { kind: 'other'; send: OtherOrgSend };

const PRE_CONTACT: ReadonlySet<RelationshipStatus> = new Set(['PROSPECTING', 'APPROVED_TO_CONTACT', 'QUEUED']);
const SENDABLE_FROM: ReadonlySet<RelationshipStatus> = new Set([...PRE_CONTACT, 'CONTACTED_BY_OTHER_ORG', 'INACTIVE']);
const ENGAGEABLE_FROM: ReadonlySet<RelationshipStatus> = new Set([...PRE_CONTACT, 'CONTACTED_BY_OTHER_ORG', 'CONTACTED_BY_US', 'INACTIVE']);

export function isRelationshipStatus(v: unknown): v is RelationshipStatus {
  return typeof v === 'string' && (RELATIONSHIP_STATUSES as readonly string[]).includes(v);
}

const minIso = (a: string | null, b: string): string => (a === null || b < a ? b : a);
const maxIso = (a: string | null, b: string): string => (a === null || b > a ? b : a);

export function initialProjection(initialStatus: RelationshipStatus): RelationshipProjection {
  return {
    status: initialStatus,
    contactedByUs: false,
    firstContactedByUsAt: null,
    lastContactedByUsAt: null,
    contactedByOtherOrg: false,
    firstContactedAt: null,
  };
}

/** One step of the fold. Exported for table-driven tests. */
export function transition(p: RelationshipProjection, step: Step): RelationshipProjection {
  if (step.kind === 'other') {
    return {
      ...p,
      contactedByOtherOrg: true,
      status: PRE_CONTACT.has(p.status) ? 'CONTACTED_BY_OTHER_ORG' : p.status,
    };
  }
  const e = step.event;
  const at = new Date(e.occurredAt).toISOString();
  switch (e.type) {
    case 'EMAIL_SENT':
      return {
        ...p,
        status: SENDABLE_FROM.has(p.status) ? 'CONTACTED_BY_US' : p.status,
        contactedByUs: true,
        firstContactedByUsAt: minIso(p.firstContactedByUsAt, at),
        lastContactedByUsAt: maxIso(p.lastContactedByUsAt, at),
        firstContactedAt: minIso(p.firstContactedAt, at),
      };
    case 'EMAIL_RECEIVED':
      return {
        ...p,
        status: ENGAGEABLE_FROM.has(p.status) ? 'ACTIVELY_ENGAGED' : p.status,
        firstContactedAt: minIso(p.firstContactedAt, at),
      };
    case 'REJECTED':
      return { ...p, status: 'NOT_INTERESTED' };
    case 'LINK_PLACED':
      return { ...p, status: 'LINK_PLACED' };
    case 'STATUS_CHANGED': {
      const to = e.metadata?.['to'];
      return isRelationshipStatus(to) ? { ...p, status: to } : p;
    }
    default:
      return p;
  }
}

/**
 * The event types `transition` can change a projection with; every other type leaves it as it is.
 * An event of another type needs no projection work, wherever it falls in the order, and a replay
 * reads only these (src/crm/append-event.ts). test/unit/crm/derive-status.test.ts proves the rest are
 * identities.
 */
export const PROJECTION_EVENT_TYPES = ['EMAIL_SENT', 'EMAIL_RECEIVED', 'REJECTED', 'LINK_PLACED', 'STATUS_CHANGED'] as const satisfies readonly EventType[];
const PROJECTION_TYPES: ReadonlySet<EventType> = new Set(PROJECTION_EVENT_TYPES);

export function affectsProjection(type: EventType): boolean {
  return PROJECTION_TYPES.has(type);
}

const stepTime = (s: Step): string => new Date(s.kind === 'own' ? s.event.occurredAt : s.send.occurredAt).toISOString();
const stepId = (s: Step): string => (s.kind === 'own' ? s.event.id : s.send.id);

export function deriveRelationship(
  initialStatus: RelationshipStatus,
  events: readonly StatusEvent[],
  otherOrgSends: readonly OtherOrgSend[] = [],
): RelationshipProjection {
  const steps: Step[] = [
    ...events.map((event): Step => ({ kind: 'own', event })),
    ...otherOrgSends.map((send): Step => ({ kind: 'other', send })),
  ];
  steps.sort((a, b) => {
    const ta = stepTime(a);
    const tb = stepTime(b);
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ia = stepId(a);
    const ib = stepId(b);
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  return steps.reduce(transition, initialProjection(initialStatus));
}
