import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'linkbuilding-agent' },
    redact: { paths: ['req.headers.authorization', '*.password', '*.apiKey', '*.webhookSecret'], censor: '[redacted]' },
  });
}
