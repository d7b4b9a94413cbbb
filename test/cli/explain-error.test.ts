/** What the CLI prints for each kind of error: one readable line, no stack trace, a fitting exit code. */
import { describe, expect, it } from 'vitest';
import { UsageError, asFlagMessage, explainCliError } from '../../src/cli/explain-error.ts';
import { AppError } from '../../src/errors.ts';
import { ConfigError } from '../../src/config.ts';

const parseArgsError = Object.assign(new TypeError("Unknown option '--bogus'"), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
const refused = Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), { code: 'ECONNREFUSED' })], ''), { code: 'ECONNREFUSED' });

describe('explainCliError', () => {
  it.each([
    ['bad input', new AppError('VALIDATION', 'body.agencyId: no such agency', { field: 'body.agencyId' }), 2, /^error: --agency: no such agency$/],
    ['a query field', new AppError('VALIDATION', 'query.includeRevoked: must be one of true, false'), 2, /^error: --include-revoked: must be one of true, false$/],
    ['an item of a list flag', new AppError('VALIDATION', 'body.workspaceIds.1: not a workspace of this agency'), 2, /^error: --workspaces \(item 1\): not a workspace/],
    ['not found', new AppError('NOT_FOUND', 'api key not found'), 2, /^error: api key not found$/],
    ['the database down', new AppError('UNAVAILABLE', 'database unavailable', { retryable: true }), 1, /^error: database unavailable: is the database running and DATABASE_URL right\?$/],
    ['a usage error', new UsageError('missing key id'), 2, /^missing key id\n\nUSAGE$/],
    ['an unknown flag', parseArgsError, 2, /^error: Unknown option '--bogus'\n\nUSAGE$/],
    ['bad configuration', new ConfigError(['PORT: must be a number']), 2, /^error: Invalid configuration:\n {2}- PORT: must be a number$/],
    ['a refused connection without a message', refused, 1, /^error: connect ECONNREFUSED 127\.0\.0\.1:5999 \(ECONNREFUSED\): is the database running/],
    ['a bug', new Error('boom'), 1, /^error: boom\n\(run again with DEBUG=1 for the stack trace\)$/],
    ['a thrown string', 'odd', 1, /^error: odd\n/],
  ] as const)('%s → exit %i, no stack', (_name, e, exitCode, text) => {
    const out = explainCliError(e, 'USAGE', {});
    expect(out.exitCode).toBe(exitCode);
    expect(out.text).toMatch(text);
    expect(out.text).not.toMatch(/\n\s+at /);
  });

  it('adds the stack with DEBUG=1', () => {
    expect(explainCliError(new Error('boom'), 'USAGE', { DEBUG: '1' }).text).toMatch(/^error: boom\n\nError: boom\n\s+at /);
  });

  it.each([
    ['body.name: is required', '--name: is required'],
    ['body.slackUserIds.0: is not a Slack user id', '--slack-users (item 0): is not a Slack user id'],
    ['query.agencyId: must be an id starting with ag_', '--agency: must be an id starting with ag_'],
    ['workspace not found', 'workspace not found'],
  ])('%s → %s', (message, flags) => {
    expect(asFlagMessage(message)).toBe(flags);
  });
});
