import { z } from 'zod';

/** The only reader of process.env. Validated once, with a message per bad variable. */
const optionalUrl = z.string().url().optional();
const envSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: optionalUrl,
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: optionalUrl,
  ANTHROPIC_MODEL: z.string().min(1).default('claude-sonnet-4-5'),
  INSTANTLY_API_KEY: z.string().min(1).optional(),
  INSTANTLY_BASE_URL: z.string().url().default('https://api.instantly.ai'),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_API_URL: z.string().url().default('https://slack.com/api'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  /** From address of approval emails (extension): defaults to approvals@<PUBLIC_URL host>. */
  APPROVAL_EMAIL_FROM: z.string().min(3).optional(),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>` (every role's /metrics). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The command line's `campaign` commands (extension): the API key they call the running service with (or --api-key). */
  LB_API_KEY: z.string().min(1).optional(),
  /** …and the service's URL (or --api-url); default PUBLIC_URL, else http://localhost:PORT. */
  LB_API_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLE: z.enum(['all', 'api', 'worker', 'poller']).default('all'),
  /**
   * Lets user-supplied hosts (mailbox IMAP/SMTP servers) be loopback, private, link-local or
   * unique-local addresses. Off by default: a tenant must not reach our own network through us.
   */
  ALLOW_PRIVATE_HOSTS: z.stringbool().default(false),
  /**
   * How long a pipeline job may go without a heartbeat before it is given to another worker (a killed
   * worker's jobs come back after this plus pg-boss's supervise interval). Applies to queues created
   * from now on; pg-boss refuses less than 10.
   */
  JOB_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).max(3600).default(30),
  /** Research providers of prospecting campaigns (SPEC section 8); a vendor without its key is not used. */
  DATAFORSEO_LOGIN: z.string().min(1).optional(),
  DATAFORSEO_PASSWORD: z.string().min(1).optional(),
  DATAFORSEO_BASE_URL: z.string().url().default('https://api.dataforseo.com'),
  SERPAPI_KEY: z.string().min(1).optional(),
  SERPAPI_BASE_URL: z.string().url().default('https://serpapi.com'),
  AHREFS_API_KEY: z.string().min(1).optional(),
  AHREFS_BASE_URL: z.string().url().default('https://api.ahrefs.com'),
  APOLLO_API_KEY: z.string().min(1).optional(),
  APOLLO_BASE_URL: z.string().url().default('https://api.apollo.io'),
  /** Partner intelligence (SPEC section 9): account metrics older than this are refreshed from Ahrefs. */
  METRICS_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Ahrefs API units the metrics refresh may use per calendar month (UTC); unset: no cap. */
  AHREFS_MONTHLY_UNITS: z.coerce.number().int().min(0).optional(),
  /**
   * Link verification (SPEC section 9): the Chromium executable that renders placed-link pages built
   * by JavaScript (e.g. /usr/bin/chromium); unset: pages are judged by their HTML only.
   */
  LINK_CHECK_CHROMIUM: z.string().min(1).optional(),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset": a blank line in a .env file should not fail validation.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const roleProblem = embeddedRoleSplit(result.data);
  if (roleProblem) throw new ConfigError([roleProblem]);
  const dataForSeoProblem = halfDataForSeo(result.data);
  if (dataForSeoProblem) throw new ConfigError([dataForSeoProblem]);
  return result.data;
}

/** DataForSEO authenticates with both; one without the other is a typo, not "DataForSEO off". */
function halfDataForSeo(c: { DATAFORSEO_LOGIN?: string | undefined; DATAFORSEO_PASSWORD?: string | undefined }): string | null {
  if (Boolean(c.DATAFORSEO_LOGIN) === Boolean(c.DATAFORSEO_PASSWORD)) return null;
  return c.DATAFORSEO_LOGIN
    ? 'DATAFORSEO_PASSWORD: must be set together with DATAFORSEO_LOGIN (DataForSEO uses HTTP Basic login:password)'
    : 'DATAFORSEO_LOGIN: must be set together with DATAFORSEO_PASSWORD (DataForSEO uses HTTP Basic login:password)';
}

/**
 * The embedded database belongs to one process (DATA_DIR is locked to it), so an `api` process on it
 * would accept webhooks that no worker ever processes. A role split needs a shared PostgreSQL.
 */
function embeddedRoleSplit(c: { ROLE: string; DATABASE_URL?: string | undefined }): string | null {
  if (c.ROLE === 'all' || c.DATABASE_URL) return null;
  return (
    `ROLE: "${c.ROLE}" needs DATABASE_URL. The embedded database (DATA_DIR) serves one process, which runs every role; ` +
    'set DATABASE_URL to a PostgreSQL server to run api, worker and poller processes separately, or start without --role / ROLE.'
  );
}

/**
 * JOB_HEARTBEAT_SECONDS alone, for the queue setup (src/jobs/boss.ts) when it is not handed the loaded
 * Config. loadConfig has already refused a bad value at start; here a bad value falls back to the default.
 */
