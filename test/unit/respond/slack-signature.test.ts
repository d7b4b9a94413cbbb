import { describe, expect, it } from 'vitest';
import { computeSlackSignature, verifySlackSignature } from '../../../src/respond/approvals/slack-signature.ts';

/** Slack's published example (api.slack.com, "Verifying requests from Slack"). */
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT_TIMESTAMP = new Date(Number(TIMESTAMP) * 1000);

const base = { signingSecret: SECRET, timestamp: TIMESTAMP, body: BODY, signature: SIGNATURE, now: AT_TIMESTAMP };

describe('verifySlackSignature', () => {
  it('computes the published signature', () => {
    expect(computeSlackSignature(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE);
  });

  it.each([
    ['the published example', {}, { ok: true }],
    ['4m59s later', { now: new Date(AT_TIMESTAMP.getTime() + 299_000) }, { ok: true }],
    ['exactly 5 minutes later', { now: new Date(AT_TIMESTAMP.getTime() + 300_000) }, { ok: true }],
    ['5m01s later (stale)', { now: new Date(AT_TIMESTAMP.getTime() + 301_000) }, { ok: false, reason: 'stale-timestamp' }],
    ['5m01s earlier (from the future)', { now: new Date(AT_TIMESTAMP.getTime() - 301_000) }, { ok: false, reason: 'stale-timestamp' }],
    ['a day later (replay)', { now: new Date(AT_TIMESTAMP.getTime() + 86_400_000) }, { ok: false, reason: 'stale-timestamp' }],
    ['a tampered body', { body: BODY.replace('roadrunner', 'coyote') }, { ok: false, reason: 'bad-signature' }],
    ['a tampered timestamp within the window', { timestamp: '1531420619' }, { ok: false, reason: 'bad-signature' }],
    ['the wrong secret', { signingSecret: 'another-secret' }, { ok: false, reason: 'bad-signature' }],
    ['a truncated signature', { signature: SIGNATURE.slice(0, -2) }, { ok: false, reason: 'bad-signature' }],
    ['a signature in upper case', { signature: SIGNATURE.toUpperCase() }, { ok: false, reason: 'bad-signature' }],
    ['a v1 signature', { signature: SIGNATURE.replace('v0=', 'v1=') }, { ok: false, reason: 'bad-signature' }],
    ['no signature header', { signature: undefined }, { ok: false, reason: 'missing-headers' }],
    ['no timestamp header', { timestamp: undefined }, { ok: false, reason: 'missing-headers' }],
    ['a non-numeric timestamp', { timestamp: '1531420618abc' }, { ok: false, reason: 'bad-timestamp' }],
    ['an empty signing secret', { signingSecret: '' }, { ok: false, reason: 'missing-secret' }],
  ])('%s', (_name, over, expected) => {
    expect(verifySlackSignature({ ...base, ...over })).toEqual(expected);
  });
});
