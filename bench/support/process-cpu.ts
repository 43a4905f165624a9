/** CPU time used by another process, to tell how much of a benchmark's cost each process bears. */
import { readFileSync } from 'node:fs';

/** Linux reports /proc times in USER_HZ ticks, which is 100 per second on every architecture. */
const TICK_MS = 10;

/** User + system CPU ms that process `pid` has used so far; null where /proc is not available. */
export function processCpuMs(pid: number): number | null {
  return cpuMsOf(`/proc/${pid}/stat`);
}

/** The same for the process's main thread alone (its JavaScript), without GC helpers, worker threads or libuv's pool. */
export function mainThreadCpuMs(pid: number): number | null {
  return cpuMsOf(`/proc/${pid}/task/${pid}/stat`);
}

function cpuMsOf(file: string): number | null {
  let stat: string;
  try {
    stat = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses; the fields after its last ")" do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * TICK_MS : null;
}
