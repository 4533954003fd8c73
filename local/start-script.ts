// What `npm start` gives node before Next (package.json), so that everything else that starts
// Next — `npm run dev`, the tests, the bench — runs the app exactly as it ships.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The Node flags of `node <flags…> node_modules/next/dist/bin/next start`. */
export function startScriptNodeFlags(): string[] {
  const script = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = script.trim().split(/\s+/);
  if (command !== 'node') return [];
  const flags = args.slice(0, args.findIndex((arg) => !arg.startsWith('--')));
  if (args[flags.length] !== 'node_modules/next/dist/bin/next' || args[flags.length + 1] !== 'start') {
    throw new Error(`package.json's start script is not \`node [flags] node_modules/next/dist/bin/next start\`: ${script}`);
  }
  return flags;
}

/**
 * Only the modules the start script preloads (`--import=…`), with absolute paths: what
 * `next dev` needs too (src/preload/socket-address.mjs). Next's dev server passes its own
 * Node flags on to the worker it forks.
 */
export function startScriptPreloads(): string[] {
  return startScriptNodeFlags()
    .filter((flag) => flag.startsWith('--import='))
    .map((flag) => `--import=${path.resolve(ROOT, flag.slice('--import='.length))}`);
}
