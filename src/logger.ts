import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Keys that hold credentials wherever they appear (up to three levels deep): their values are
 * replaced before a line is written. Code should not log secrets in the first place; this is the net
 * under it (a request's headers, a mailbox config, a job's data logged whole on failure).
 */
const SECRET_KEYS = [
  'authorization', 'cookie', 'password', 'apiKey', 'api_key', 'token', 'accessToken', 'botToken', 'secret',
  'webhookSecret', 'signingSecret', 'x-webhook-secret', 'x-api-key', 'adminToken', 'secretKey',
];

export const REDACT_PATHS: string[] = SECRET_KEYS.flatMap((k) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
  const dot = key.startsWith('[') ? '' : '.';
  return [key, `*${dot}${key}`, `*.*${dot}${key}`, `*.*.*${dot}${key}`];
});

/**
 * The service's logger: JSON lines with ISO-8601 times (`"time":"2026-12-07T08:44:17.947Z"`), and
 * credentials redacted. `destination` lets a test read what was written.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'linkbuilding-agent' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The steps of one message's story, one info line each (see docs/operations.md, "Reading the logs"). */
export type StoryStep = 'ingested' | 'classified' | 'decided' | 'sent' | 'not-sent';

export interface StoryFields {
  inboundId?: string | null;
  outreachId?: string | null;
  workspaceId?: string | null;
  [field: string]: unknown;
}

/** Writes one line of a message's story; steps call it after their transaction committed. */
export type StoryLog = (step: StoryStep, fields: StoryFields) => void;

export function storyLog(log: Pick<Logger, 'info'>): StoryLog {
  return (step, fields) => log.info({ story: step, ...fields }, `message ${step}`);
}
