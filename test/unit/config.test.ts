import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('has working defaults: embedded database, port 3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, DATA_DIR: './.data', ROLE: 'all', LOG_LEVEL: 'info' });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('names every bad variable in one message', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SECRET_KEY: 'short', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as ConfigError).message;
      for (const v of ['PORT', 'DATABASE_URL', 'SECRET_KEY', 'LOG_LEVEL']) expect(msg).toContain(v);
    }
  });

  it('ALLOW_PRIVATE_HOSTS is off unless set to a true value', () => {
    expect(loadConfig({}).ALLOW_PRIVATE_HOSTS).toBe(false);
    expect(loadConfig({ ALLOW_PRIVATE_HOSTS: 'true' }).ALLOW_PRIVATE_HOSTS).toBe(true);
    expect(loadConfig({ ALLOW_PRIVATE_HOSTS: '0' }).ALLOW_PRIVATE_HOSTS).toBe(false);
    expect(() => loadConfig({ ALLOW_PRIVATE_HOSTS: 'maybe' })).toThrow(/ALLOW_PRIVATE_HOSTS/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });
});
