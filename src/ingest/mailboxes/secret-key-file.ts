import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * With the embedded database and no SECRET_KEY, a key is generated once and kept beside the data
 * (mode 0600), so a newcomer can connect a mailbox without configuring anything. With an external
 * database SECRET_KEY must be set explicitly: several processes must share it.
 */
export function embeddedSecretKey(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  return key;
}
