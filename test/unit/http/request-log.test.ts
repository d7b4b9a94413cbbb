import { describe, expect, it } from 'vitest';
import { loggedPath, requestIdOf } from '../../../src/http/request-log.ts';

describe('requestIdOf', () => {
  const fresh = () => 'fresh';
  it.each([
    ['abc-123', 'abc-123'],
    ['  trace.id:7  ', 'trace.id:7'],
    ['0af7651916cd43dd8448eb211c80319c', '0af7651916cd43dd8448eb211c80319c'],
    [undefined, 'fresh'],
    ['', 'fresh'],
    ['has space', 'fresh'],
    ['semi;colon', 'fresh'],
    ['<script>', 'fresh'],
    ['x'.repeat(128), 'x'.repeat(128)],
    ['x'.repeat(129), 'fresh'],
  ])('%j → %j', (given, expected) => {
    expect(requestIdOf(given, fresh)).toBe(expected);
  });
});

describe('loggedPath', () => {
  it.each([
    ['/v1/link-building/crm/account?domain=a.example', '/v1/link-building/crm/account'],
    ['/v1/webhooks/instantly/ws_abc', '/v1/webhooks/instantly/ws_abc'],
    ['/approve/Zm9vYmFyYmF6', '/approve/[redacted]'],
    ['/approve/Zm9vYmFyYmF6?x=1', '/approve/[redacted]'],
    ['/approve/tok/extra', '/approve/[redacted]/extra'],
    ['/healthz', '/healthz'],
    [`/${'a'.repeat(400)}`, `/${'a'.repeat(299)}`],
  ])('%s → %s', (given, expected) => {
    expect(loggedPath(given)).toBe(expected);
  });
});
