// Process trees from /proc (Linux): which process is `next start`, and what a tree of processes
// costs in resident memory and CPU time.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

interface ProcInfo {
  pid: number;
  ppid: number;
  cmdline: string;
  /** utime + stime, in clock ticks. */
  ticks: number;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function processes(): ProcInfo[] {
  const list: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name (which may contain spaces): state is
      // field 3, ppid 4, utime 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      list.push({ pid: Number(entry), ppid: Number(fields[1]), cmdline, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process exited while we looked.
    }
  }
  return list;
}

function tree(root: number, all: ProcInfo[]): ProcInfo[] {
  const found = all.filter((p) => p.pid === root);
  for (let i = 0; i < found.length; i++) {
    for (const p of all) if (p.ppid === found[i]!.pid) found.push(p);
  }
  return found;
}

/** The `next start` server spawned (directly or not) by `ancestor`: it renames itself `next-server`. */
export function findNextServerPid(ancestor = process.pid): number {
  const all = processes();
  const next = tree(ancestor, all).find((p) => /next-server|next\/dist\/bin\/next start/.test(p.cmdline));
  if (!next) throw new Error('no next-server process found among this process’s descendants');
  return next.pid;
}

/** Sum of VmRSS over `root` and its descendants, in MB. */
export function treeRssMb(root: number): number {
  let kb = 0;
  for (const { pid } of tree(root, processes())) {
    try {
      const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
      kb += Number(line?.split(/\s+/)[1] ?? 0);
    } catch {
      // exited
    }
  }
  return kb / 1024;
}

/** CPU time (user + system) used so far by `root` and its live descendants, in ms. */
export function treeCpuMs(root: number): number {
  return (tree(root, processes()).reduce((sum, p) => sum + p.ticks, 0) / CLOCK_TICKS) * 1000;
}

export interface CpuSpent<K extends string, T> {
  result: T;
  /** CPU ms per process tree while `work` ran. */
  cpuMs: Record<K, number>;
}

/** Runs `work` and reports how much CPU each named process tree used meanwhile. */
export async function measureCpu<K extends string, T>(roots: Record<K, number>, work: () => Promise<T>): Promise<CpuSpent<K, T>> {
  const names = Object.keys(roots) as K[];
  const before = names.map((name) => treeCpuMs(roots[name]));
  const result = await work();
  const cpuMs = Object.fromEntries(names.map((name, i) => [name, treeCpuMs(roots[name]) - before[i]!])) as Record<K, number>;
  return { result, cpuMs };
}
