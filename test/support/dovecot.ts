/**
 * A real, throw-away Dovecot for IMAP tests: its own config, users, maildirs, sockets and log under one
 * temp dir, listening on a free loopback port, no TLS. Each test file starts its own instance.
 *
 * Runs as root or as an ordinary user: as root, mail is owned by the `mail` user (Dovecot refuses uid 0
 * for mail and for its login process); otherwise everything runs as the current user.
 *
 * Delivery goes through `doveadm save` (no IMAP connection needed) or, in bulk, IMAP APPEND.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface FolderStatus {
  messages: number;
  uidNext: number;
  uidValidity: number;
}

export interface Dovecot {
  host: string;
  port: number;
  dir: string;
  logPath: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Disconnects every IMAP session of `user` (all users when omitted), like a server-side drop. */
  dropConnections(user?: string): Promise<void>;
  deliver(user: string, raw: Buffer | string, folder?: string): Promise<void>;
  /** Bulk delivery over one IMAP connection; returns how many messages the server accepted. */
  deliverMany(
    user: string,
    raws: Iterable<Buffer | string>,
    folder?: string,
    opts?: { internalDate?: Date },
  ): Promise<{ accepted: number; rejected: Array<{ index: number; error: string }> }>;
  /** Makes Dovecot report a new, higher UIDVALIDITY for the folder; returns it. */
  bumpUidValidity(user: string, folder?: string): Promise<number>;
  status(user: string, folder?: string): Promise<FolderStatus>;
  readLog(): string;
}

const SBIN_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin', '/sbin'];

function findBinary(name: string): string | null {
  const dirs = [...(process.env['PATH'] ?? '').split(':').filter(Boolean), ...SBIN_DIRS];
  for (const d of dirs) {
    const p = join(d, name);
    if (existsSync(p)) return p;
  }
  return null;
}

export const dovecotBinary = findBinary('dovecot');
export const doveadmBinary = findBinary('doveadm');
/** Use with `describe.skipIf(!dovecotAvailable)`; the reason is printed once per file. */
export const dovecotAvailable = dovecotBinary !== null && doveadmBinary !== null;
export const dovecotSkipReason = 'dovecot/doveadm not found: install Debian dovecot-imapd (.ci/install-dovecot) to run the IMAP tests';
if (!dovecotAvailable) console.warn(`[imap tests skipped] ${dovecotSkipReason}`);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface RunResult {
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], input?: Buffer | string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { maxBuffer: 16 * 1024 * 1024, timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(new Error(`${file} ${args.join(' ')} failed (exit ${String(err.code)}): ${stderr.trim() || stdout.trim() || err.message}`), { exitCode: err.code }));
      else resolve({ stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

function lookupPasswd(name: string): { uid: number; gid: number } | null {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [user, , uid, gid] = line.split(':');
      if (user === name && uid && gid) return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    // no /etc/passwd: not a system we can run Dovecot on as root anyway
  }
  return null;
}

interface Identity {
  mailUid: number;
  mailGid: number;
  internalUser: string;
  loginUser: string;
}

function identity(): Identity {
  const me = userInfo();
  if (me.uid !== 0) return { mailUid: me.uid, mailGid: me.gid, internalUser: me.username, loginUser: me.username };
  const mail = lookupPasswd('mail') ?? lookupPasswd('nobody');
  if (!mail) throw new Error('running as root but neither a "mail" nor a "nobody" user exists to own the maildirs');
  // Dovecot's Debian package creates dovenull for the login process, which must not be root.
  const loginUser = lookupPasswd('dovenull') ? 'dovenull' : 'nobody';
  return { mailUid: mail.uid, mailGid: mail.gid, internalUser: 'root', loginUser };
}

function config(dir: string, port: number, id: Identity): string {
  return `# generated by test/support/dovecot.ts
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = test-dovecot-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests of wrong passwords should not wait the default 2 s.
auth_failure_delay = 0
default_internal_user = ${id.internalUser}
default_internal_group = ${id.internalUser === 'root' ? 'root' : id.mailGid}
default_login_user = ${id.loginUser}
first_valid_uid = ${Math.min(id.mailUid, 500)}
first_valid_gid = ${Math.min(id.mailGid, 500)}
mail_uid = ${id.mailUid}
mail_gid = ${id.mailGid}
mail_location = maildir:${dir}/mail/%u
# Tell IDLE clients about new mail within a second (the default is 30 s).
mailbox_idle_check_interval = 1 secs
# Many test connections come from one IP.
mail_max_userip_connections = 100
login_trusted_networks = 127.0.0.0/8
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${id.mailUid} gid=${id.mailGid} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    auto = create
    special_use = \\Sent
  }
}
`;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    sock.setTimeout(1_000);
    sock.once('data', (d) => {
      sock.destroy();
      resolve(d.toString().startsWith('* OK'));
    });
    sock.once('error', () => resolve(false));
    sock.once('timeout', () => {
      sock.destroy();
      resolve(false);
    });
  });
}

async function waitFor(cond: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export async function startDovecot(opts: { users: DovecotUser[] }): Promise<Dovecot> {
  if (!dovecotBinary || !doveadmBinary) throw new Error(dovecotSkipReason);
  const dovecotBin = dovecotBinary;
  const doveadmBin = doveadmBinary;
  const id = identity();
  const dir = await mkdtemp(join(tmpdir(), 'dovecot-test-'));
  // The mail and login users must be able to traverse into the temp dir.
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'run'), { recursive: true });
  await mkdir(join(dir, 'state'), { recursive: true });
  await mkdir(join(dir, 'mail'), { recursive: true });
  await chown(join(dir, 'mail'), id.mailUid, id.mailGid);
  await writeFile(join(dir, 'users'), opts.users.map((u) => `${u.user}:{PLAIN}${u.password}`).join('\n') + '\n', { mode: 0o644 });
  const port = await freePort();
  const confPath = join(dir, 'dovecot.conf');
  await writeFile(confPath, config(dir, port, id));
  const logPath = join(dir, 'dovecot.log');

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const killOnExit = () => {
    try {
      if (child?.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);

  const doveadm = (args: string[], input?: Buffer | string) => run(doveadmBin, ['-c', confPath, ...args], input);

  async function start(): Promise<void> {
    // Its own process group, so stop() can take the master and every child (imap, log, stats) down together.
    const proc = spawn(dovecotBin, ['-F', '-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    let died = false;
    void exited.then(() => (died = true));
    try {
      await waitFor(async () => {
        if (died) throw new Error(`dovecot exited during start: ${stderr.trim()}\n${readLogSafe()}`);
        return canConnect(port);
      }, 15_000, `dovecot on port ${port}`);
      // doveadm needs the auth socket, which comes up with the listener but not always at the same instant.
      await waitFor(async () => existsSync(join(dir, 'run', 'auth-userdb')), 5_000, 'dovecot auth socket');
    } catch (e) {
      proc.kill('SIGKILL');
      throw e;
    }
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const group = (signal: NodeJS.Signals) => {
      try {
        if (proc.pid !== undefined) process.kill(-proc.pid, signal);
      } catch {
        // the group is already gone
      }
    };
    // Like a service restart with shutdown_clients=yes: the master and the sessions it spawned go down.
    group('SIGTERM');
    const timer = setTimeout(() => group('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    // Sessions left over after the master exited (they only notice its death later) are killed now.
    group('SIGKILL');
    // The master is gone once its children are; wait for the port to be free too.
    await waitFor(async () => !(await canConnect(port)), 5_000, 'dovecot port to close');
  }

  function readLogSafe(): string {
    try {
      return readFileSync(logPath, 'utf8');
    } catch {
      return '';
    }
  }

  async function status(user: string, folder = 'INBOX'): Promise<FolderStatus> {
    const { stdout } = await doveadm(['-f', 'flow', 'mailbox', 'status', '-u', user, 'messages uidnext uidvalidity', folder]);
    const num = (key: string) => Number(new RegExp(`\\b${key}=(\\d+)`).exec(stdout)?.[1] ?? NaN);
    return { messages: num('messages'), uidNext: num('uidnext'), uidValidity: num('uidvalidity') };
  }

  await start();

  return {
    host: '127.0.0.1',
    port,
    dir,
    logPath,
    readLog: readLogSafe,
    async stop() {
      await stop();
      process.removeListener('exit', killOnExit);
      if (process.env['KEEP_DOVECOT_DIR'] === '1') console.warn(`dovecot test dir kept: ${dir}`);
      else await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      await start();
    },
    async dropConnections(user?: string) {
      try {
        await doveadm(['kick', user ?? '*']);
      } catch (e) {
        // Exit code 68 (EX_NOUSER) means nobody was connected: nothing to drop.
        if ((e as { exitCode?: unknown }).exitCode !== 68) throw e;
      }
    },
    async deliver(user, raw, folder = 'INBOX') {
      await doveadm(['save', '-u', user, '-m', folder], raw);
    },
    async deliverMany(user, raws, folder = 'INBOX', deliverOpts = {}) {
      const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: passwordOf(user) }, logger: false });
      client.on('error', () => {});
      await client.connect();
      let accepted = 0;
      const rejected: Array<{ index: number; error: string }> = [];
      try {
        let index = 0;
        for (const raw of raws) {
          try {
            const res = await client.append(folder, raw, [], deliverOpts.internalDate);
            if (res) accepted++;
            else rejected.push({ index, error: 'APPEND returned false' });
          } catch (e) {
            rejected.push({ index, error: (e as Error).message });
          }
          index++;
        }
      } finally {
        await client.logout().catch(() => client.close());
      }
      return { accepted, rejected };
    },
    async bumpUidValidity(user, folder = 'INBOX') {
      const before = await status(user, folder);
      const next = before.uidValidity + 1;
      await doveadm(['mailbox', 'update', '-u', user, '--uid-validity', String(next), folder]);
      return next;
    },
    status,
  };

  function passwordOf(user: string): string {
    const u = opts.users.find((x) => x.user === user);
    if (!u) throw new Error(`unknown test user ${user}`);
    return u.password;
  }
}
