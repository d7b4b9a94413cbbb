/** CPU accounting from /proc: a process's user+system time and the machine's busy share, over an interval. */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const TICKS_PER_SEC = 100;

function processTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after the command name, which is in parentheses and may contain spaces
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]); // utime, stime (fields 14, 15)
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (line[3] ?? 0) + (line[4] ?? 0);
  const total = line.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export interface CpuWindow {
  /** Stop the window: CPU use of each watched process in cores (1.0 = one core busy), machine busy share (0..1). */
  stop(): { processCores: Record<string, number>; machineBusy: number; loadavg1: number };
}

export function cpuWindow(pids: Record<string, number>): CpuWindow {
  const t0 = process.hrtime.bigint();
  const p0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, safeTicks(pid)]));
  const m0 = machineTicks();
  return {
    stop() {
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      const m1 = machineTicks();
      const processCores: Record<string, number> = {};
      for (const [k, pid] of Object.entries(pids)) processCores[k] = Math.round(((safeTicks(pid) - (p0[k] ?? 0)) / TICKS_PER_SEC / secs) * 100) / 100;
      const machineBusy = Math.round(((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100) / 100;
      return { processCores, machineBusy, loadavg1: Math.round(loadavg()[0]! * 100) / 100 };
    },
  };
}

function safeTicks(pid: number): number {
  try {
    return processTicks(pid);
  } catch {
    return 0;
  }
}
