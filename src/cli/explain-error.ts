/**
 * What the CLI prints for an error, and its exit code: one readable line (no stack trace), 2 for what
 * the user can fix (a bad flag, bad input, configuration), 1 for anything else. `DEBUG=1` adds the
 * stack for a bug report.
 */
import { ConfigError } from '../config.ts';
import { isAppError } from '../errors.ts';

export class UsageError extends Error {}

const FLAG_OF: Record<string, string> = {
  name: '--name', agencyId: '--agency', workspaceIds: '--workspaces', emails: '--emails', workspaceId: '--workspace', accountId: '--account',
  slackChannelId: '--slack-channel', slackUserIds: '--slack-users', decision: '--decision', reason: '--reason', includeRevoked: '--include-revoked',
};

/** Validation names API fields (`body.agencyId`); on the command line the user typed flags. */
export function asFlagMessage(message: string): string {
  return message.replace(/^(?:body|query)\.(\w+)(\.\d+)?:/, (_m, f: string, i: string | undefined) => `${FLAG_OF[f] ?? f}${i ? ` (item ${i.slice(1)})` : ''}:`);
}

interface NodeishError {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
  cause?: unknown;
}

/** The message of an error that may carry none itself (an AggregateError from a refused connection). */
function messageOf(e: unknown): string {
  const x = (e ?? {}) as NodeishError;
  if (typeof x.message === 'string' && x.message) return x.message;
  if (Array.isArray(x.errors) && x.errors.length) return messageOf(x.errors[0]);
  if (typeof x.code === 'string') return x.code;
  return String(e);
}

const USER_CODES = /^(ERR_PARSE_ARGS_|ECONNREFUSED$|ENOTFOUND$|EACCES$|ENOENT$|28P01$|3D000$)/;

export function explainCliError(e: unknown, usage: string, env: Record<string, string | undefined> = process.env): { text: string; exitCode: number } {
  const stack = env['DEBUG'] && e instanceof Error && e.stack ? `\n\n${e.stack}` : '';
  if (e instanceof UsageError) return { text: `${e.message}\n\n${usage}`, exitCode: 2 };
  if (isAppError(e)) {
    if (e.code === 'UNAVAILABLE') return { text: `error: ${e.message}: is the database running and DATABASE_URL right?${stack}`, exitCode: 1 };
    return { text: `error: ${asFlagMessage(e.message)}${stack}`, exitCode: 2 };
  }
  if (e instanceof ConfigError) return { text: `error: ${e.message}${stack}`, exitCode: 2 };
  const code = (e as NodeishError | null)?.code ?? ((e as NodeishError | null)?.errors as NodeishError[] | undefined)?.[0]?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) return { text: `error: ${messageOf(e)}\n\n${usage}`, exitCode: 2 };
  if (typeof code === 'string' && USER_CODES.test(code)) {
    return { text: `error: ${messageOf(e)} (${code}): is the database running and DATABASE_URL right?${stack}`, exitCode: 1 };
  }
  return { text: `error: ${messageOf(e)}${stack || '\n(run again with DEBUG=1 for the stack trace)'}`, exitCode: 1 };
}
