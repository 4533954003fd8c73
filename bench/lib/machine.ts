// What a reader needs to weigh the figures: when, on what, with which code.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

export interface MachineInfo {
  date: string;
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  os: string;
  command: string;
  commit: string;
  /** Load average (1 min) when the bench started and ended: other work on a shared machine. */
  loadStart: number;
  loadEnd?: number;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'middleware.ts', 'next.config.ts', 'supabase', 'local'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes in ${dirty.split('\n').length} app/stack file(s)` : head;
  } catch {
    return 'unknown';
  }
}

export function machineInfo(quick: boolean): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    command: quick ? 'BENCH_QUICK=1 npm run bench' : 'npm run bench',
    commit: commit(),
    loadStart: os.loadavg()[0]!,
  };
}
