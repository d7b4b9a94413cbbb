/**
 * A service started through a wrapper (`npm start`, a shell, a process manager) must not outlive it:
 * when the wrapper dies without passing its signal on, the service is reparented and would keep running
 * and holding DATA_DIR's lock. This watches for that and calls `onOrphaned` once. A process started
 * directly by init or a container runtime (parent pid 0 or 1) has no wrapper to watch.
 */
export function watchParent(onOrphaned: () => void, opts: { intervalMs?: number; ppid?: () => number } = {}): () => void {
  const ppid = opts.ppid ?? (() => process.ppid);
  const parent = ppid();
  if (parent <= 1) return () => {};
  const timer = setInterval(() => {
    if (ppid() === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, opts.intervalMs ?? 1_000);
  timer.unref();
  return () => clearInterval(timer);
}
