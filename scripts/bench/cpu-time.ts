// CPU time (user + system) of the processes a benchmark runs, read from /proc (Linux), so
// that a run can say how many milliseconds of CPU one cycle costs in each process. Unlike
// rates, these figures move little when other work shares the machine.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux build we run on

/**
 * utime + stime of one process in seconds, its children's that it has waited for (a
 * backend that ended still counts on its postmaster), and its parent's pid; null when it is
 * gone (or there is no /proc).
 */
function statOf(pid: number): { seconds: number; children: number; parent: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: the fields after it start past its ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return {
      seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      children: (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND,
      parent: Number(fields[1]),
    };
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by a process and every process it started, those that have ended
 * included (the app's cluster workers; a PostgreSQL postmaster's backends, WAL writer...).
 * 0 when it cannot be read.
 */
export function processTreeCpuSeconds(pid: number | undefined): number {
  const own = pid ? statOf(pid) : null;
  if (!own) return 0;
  let total = own.seconds + own.children;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat && stat.parent === pid) total += stat.seconds;
  }
  return total;
}

/** processTreeCpuSeconds of a PostgreSQL cluster, whose postmaster's pid is the first line of postmaster.pid. */
export function postgresCpuSeconds(dataDir: string): number {
  try {
    return processTreeCpuSeconds(Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n", 1)[0]));
  } catch {
    return 0;
  }
}

/** This process's own CPU seconds (the load generator's). */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}
