import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig: roles and the embedded database', () => {
  it.each(['api', 'worker', 'poller'])('refuses ROLE=%s without DATABASE_URL, naming the variable to set', (role) => {
    try {
      loadConfig({ ROLE: role });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).message).toContain(`ROLE: "${role}" needs DATABASE_URL`);
    }
  });

  it.each([
    [{}, 'all'],
    [{ ROLE: 'all' }, 'all'],
    [{ ROLE: 'api', DATABASE_URL: 'postgres://localhost/x' }, 'api'],
    [{ ROLE: 'worker', DATABASE_URL: 'postgresql://localhost/x' }, 'worker'],
  ])('accepts %j', (env, role) => {
    expect(loadConfig(env).ROLE).toBe(role);
  });
});

describe('loadConfig: METRICS_TOKEN', () => {
  it('is optional', () => {
    expect(loadConfig({}).METRICS_TOKEN).toBeUndefined();
  });
  it('is taken when long enough', () => {
    expect(loadConfig({ METRICS_TOKEN: 'm'.repeat(16) }).METRICS_TOKEN).toBe('m'.repeat(16));
  });
  it('is refused when short, naming the variable', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });
});
