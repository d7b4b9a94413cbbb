/**
 * `npm run cli -- slack manifest [--url https://host]`: the Slack app manifest for approvals, to paste
 * into api.slack.com/apps → Create New App → From an app manifest (JSON). The app needs a bot user,
 * `chat:write` (chat.postMessage to post an approval, chat.update to show who decided) and
 * interactivity pointed at this service's /v1/slack/interactions. Nothing else: no events, no other
 * scopes, no socket mode, no token rotation (the service holds one long-lived bot token).
 */
export const SLACK_BOT_SCOPES = ['chat:write'] as const;
export const SLACK_INTERACTIONS_PATH = '/v1/slack/interactions';

export class ManifestUrlError extends Error {}

/** The service's public base URL, as Slack must reach it: https, no path, query or fragment. */
export function publicBaseUrl(raw: string | undefined): string {
  if (!raw) throw new ManifestUrlError('--url: required (or set PUBLIC_URL): the https address Slack can reach this service at, e.g. --url https://agent.example.com');
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ManifestUrlError(`--url: not a URL: ${raw}`);
  }
  if (u.protocol !== 'https:') {
    throw new ManifestUrlError(`--url: Slack sends interactions only to https:// addresses (got ${u.protocol}//…); for a local service use an https tunnel`);
  }
  if (u.search || u.hash || u.username || u.password) throw new ManifestUrlError('--url: give the base address only (no query, fragment or credentials)');
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

export function slackManifest(baseUrl: string, opts: { name?: string } = {}) {
  const name = opts.name ?? 'Link-building approvals';
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: 'Approve or reject replies to link-building outreach before they are sent.',
      background_color: '#1d3557',
    },
    features: {
      bot_user: { display_name: name, always_online: true },
    },
    oauth_config: {
      scopes: { bot: [...SLACK_BOT_SCOPES] },
    },
    settings: {
      interactivity: { is_enabled: true, request_url: `${baseUrl}${SLACK_INTERACTIONS_PATH}` },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}

/** A link that opens Slack's "create app" dialog with the manifest filled in. */
export function createAppLink(manifest: object): string {
  return `https://api.slack.com/apps?new_app=1&manifest_json=${encodeURIComponent(JSON.stringify(manifest))}`;
}
