// How `npm run dev` starts `next dev`: on loopback only, since the offline stack's keys are
// public demo values and its Polar stand-in takes any checkout as paid.
import path from 'node:path';
import { startScriptPreloads } from './start-script.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
export const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');

export const DEV_HOSTNAME = '127.0.0.1';

/**
 * The arguments after `node` for `next dev` on `port`, with the modules `npm start` preloads
 * (the client address from the socket: src/preload/socket-address.mjs).
 */
export function nextDevArgs(port: number): string[] {
  return [...startScriptPreloads(), NEXT_BIN, 'dev', '--port', String(port), '--hostname', DEV_HOSTNAME];
}
