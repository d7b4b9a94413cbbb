/**
 * `npm run cli -- <command>`: administration from the shell, against the same database the service
 * uses (DATABASE_URL, or the embedded one in DATA_DIR while the service is stopped).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDb } from '../db/open-db.ts';
import { migrate } from '../db/migrate.ts';
import { CRM_DATA_STEPS } from '../crm/repairs.ts';
import type { Db } from '../db/types.ts';
import { parseInput } from '../http/validate.ts';
import { agencyCreate, apiKeyCreate, apiKeyQuery, approversPut, assertionQuery, assertionReview, clearDoNotContact, workspaceCreate } from '../http/schemas/admin.ts';
import * as sharedFacts from '../crm/admin-shared-facts.ts';
import * as admin from '../crm/admin-service.ts';
import type { Config } from '../config.ts';
import { runBackfill } from './backfill.ts';
import { UsageError, explainCliError } from './explain-error.ts';
import { AppError } from '../errors.ts';
import { getGatePolicy, getWorkspace, setGatePolicy } from '../crm/db/tenants.ts';
import { DEFAULT_POLICY, parseGatePolicy, type GatePolicy } from '../gates/policy.ts';
import { isSupervised, withSupervisedMode } from '../gates/supervised-mode.ts';
import { ManifestUrlError, createAppLink, publicBaseUrl, slackManifest } from './slack-manifest.ts';
import { CAMPAIGN_USAGE, CampaignCliError, campaignCli } from './campaign.ts';

const USAGE = `Usage: npm run cli -- <command> [options]

  migrate                                   apply pending database migrations
  agency create --name <name>               create an agency
  agency list
  workspace create --agency <ag_…> --name <name>
                                            create a workspace (prints its webhook secret once)
  workspace list [--agency <ag_…>]
  workspace rotate-secret <ws_…>            new Instantly webhook secret; the old one stops working
  approvers set <ws_…> [--emails a@x,b@y] [--slack-channel C…] [--slack-users U…,U…]
  api-key create --agency <ag_…> [--workspaces ws_…,ws_…] [--name <label>]
                                            create an API key (printed once)
  api-key list [--agency <ag_…>] [--include-revoked]
                                            keys with their first characters, created and last used
                                            (never the key itself)
  api-key revoke <key_…>                    the key stops working at once
  backfill <mbx_…> --since <date>           import a mailbox's history (classified, never answered)
  assertion list [--flagged] [--account <acct_…>] [--workspace <ws_…>]
                                            shared-fact assertions (who asserted what, on which evidence)
  assertion review <asr_…> --decision PROMOTE|DISMISS --reason <text>
                                            review a flagged assertion (PROMOTE makes it shared)
  account clear-dnc <acct_…> --reason <text>
                                            lift DO_NOT_CONTACT from a shared account (admin only)
  gates show <ws_…>                         the workspace's gate policy (defaults until one is saved)
  gates supervised <ws_…> on|off            on: every reply waits for a human (autoReplyIntents: []);
                                            off: INTERESTED and QUESTION are answered again; the rest of
                                            the policy is kept (docs/gates.md, "Supervised mode")
${CAMPAIGN_USAGE}  slack manifest [--url https://host]       the Slack app manifest for approvals (JSON; --url defaults
                                            to PUBLIC_URL); see docs/approvals.md
`;

const list = (v: string | undefined): string[] | undefined => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean));

async function run(db: Db, config: Config, words: string[], o: Record<string, string | undefined>): Promise<unknown> {
  const [noun, verb, arg] = words;
  if (noun === 'backfill') return runBackfill(db, config, verb, o['since']);
  switch (`${noun} ${verb ?? ''}`.trim()) {
    case 'migrate':
      return { applied: await migrate(db, undefined, CRM_DATA_STEPS) };
    case 'agency create':
      return admin.createAgency(db, parseInput(agencyCreate, { name: o['name'] }, 'body'));
    case 'agency list':
      return admin.allAgencies(db);
    case 'workspace create':
      return admin.createWorkspace(db, parseInput(workspaceCreate, { agencyId: o['agency'], name: o['name'] }, 'body'));
    case 'workspace list':
      return admin.workspacesOf(db, o['agency']);
    case 'workspace rotate-secret':
      return admin.rotateWorkspaceSecret(db, required(arg, 'workspace id'));
    case 'approvers set':
      return admin.putApprovers(
        db,
        required(arg, 'workspace id'),
        parseInput(approversPut, { emails: list(o['emails']), slackChannelId: o['slack-channel'], slackUserIds: list(o['slack-users']) }, 'body'),
      );
    case 'api-key create':
      return admin.createApiKey(db, parseInput(apiKeyCreate, { agencyId: o['agency'], workspaceIds: list(o['workspaces']), name: o['name'] }, 'body'));
    case 'assertion list':
      return sharedFacts.assertions(
        db,
        parseInput(assertionQuery, { ...(o['flagged'] ? { flagged: 'true' } : {}), accountId: o['account'], workspaceId: o['workspace'], limit: '500' }, 'query'),
      );
    case 'assertion review':
      return sharedFacts.reviewFlagged(db, required(arg, 'assertion id'), parseInput(assertionReview, { decision: o['decision'], reason: o['reason'] }, 'body'));
    case 'account clear-dnc':
      return sharedFacts.clearDoNotContactOf(db, required(arg, 'account id'), parseInput(clearDoNotContact, { reason: o['reason'] }, 'body').reason);
    case 'api-key list':
      return admin.apiKeysOf(db, parseInput(apiKeyQuery, { agencyId: o['agency'], ...(o['include-revoked'] ? { includeRevoked: 'true' } : {}) }, 'query'));
    case 'gates show':
      return { workspaceId: required(arg, 'workspace id'), policy: await gatePolicyOf(db, arg!) };
    case 'gates supervised': {
      const mode = words[3];
      if (mode !== 'on' && mode !== 'off') throw new UsageError('gates supervised needs on or off');
      const policy = withSupervisedMode(await gatePolicyOf(db, required(arg, 'workspace id')), mode === 'on');
      await setGatePolicy(db, arg!, policy);
      return { workspaceId: arg, supervised: isSupervised(policy), policy };
    }
    case 'api-key revoke':
      await admin.revokeKey(db, required(arg, 'key id'));
      return { revoked: arg };
    default:
      throw new UsageError(`unknown command: ${words.join(' ') || '(none)'}`);
  }
}

/** The stored policy (or the defaults); an unknown workspace is an error naming it. */
async function gatePolicyOf(db: Db, workspaceId: string): Promise<GatePolicy> {
  if (!(await getWorkspace(db, workspaceId))) throw new AppError('NOT_FOUND', `no such workspace: ${workspaceId}`);
  const stored = parseGatePolicy((await getGatePolicy(db, workspaceId)) ?? {});
  return stored.ok ? stored.policy : DEFAULT_POLICY;
}

function required(v: string | undefined, what: string): string {
  if (!v) throw new UsageError(`missing ${what}`);
  return v;
}

async function main(): Promise<number> {
  // Campaigns go through the running service's API (its workers run the chain): their own flags.
  if (process.argv[2] === 'campaign') {
    const isTty = process.stderr.isTTY;
    return campaignCli(loadConfig(), process.argv.slice(3), {
      log: (s) => console.log(s),
      progress: (s) => (isTty ? process.stderr.write(`\r\x1b[K${s}`) : console.error(s)),
      progressEnd: () => isTty && process.stderr.write('\n'),
    });
  }
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      agency: { type: 'string' },
      workspaces: { type: 'string' },
      emails: { type: 'string' },
      'slack-channel': { type: 'string' },
      'slack-users': { type: 'string' },
      since: { type: 'string' },
      flagged: { type: 'boolean' },
      'include-revoked': { type: 'boolean' },
      account: { type: 'string' },
      workspace: { type: 'string' },
      decision: { type: 'string' },
      reason: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  // Needs no database (the service may hold the embedded one): printed before anything is opened.
  if (positionals[0] === 'slack' && positionals[1] === 'manifest') {
    const manifest = slackManifest(publicBaseUrl(values.url ?? config.PUBLIC_URL));
    console.log(JSON.stringify(manifest, null, 2));
    console.error(`Paste it at https://api.slack.com/apps → Create New App → From a manifest (JSON), or open:\n${createAppLink(manifest)}`);
    return 0;
  }
  const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    if (positionals[0] !== 'migrate') await migrate(db, undefined, CRM_DATA_STEPS);
    const result = await run(db, config, positionals, values as Record<string, string | undefined>);
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const { text, exitCode } =
      e instanceof ManifestUrlError || e instanceof CampaignCliError ? { text: `error: ${e.message}`, exitCode: 2 } : explainCliError(e, USAGE);
    console.error(text);
    process.exit(exitCode);
  },
);
