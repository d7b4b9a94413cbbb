import { ConfigError, loadConfig } from './config.ts';
import { watchParent } from './parent-watch.ts';

function roleFromArgv(argv: string[]): string | undefined {
  const i = argv.indexOf('--role');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
}

async function main(): Promise<void> {
  let config;
  try {
    const role = roleFromArgv(process.argv.slice(2));
    config = loadConfig(role ? { ...process.env, ROLE: role } : process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  // Loaded after the configuration is checked, so a bad variable is reported at once.
  const { startService } = await import('./service.ts');
  const service = await startService(config);
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    service.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        service.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // `npm start` execs node, so npm's SIGTERM reaches us; if a wrapper dies without passing it on, stop too.
  watchParent(() => shutdown('parent exited'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
