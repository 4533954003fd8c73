// Runs a bare baseline server (bench/baselines/*.ts) in its own process, like `next start`
// is, and waits for it to report the port it listens on.
import { fork } from 'node:child_process';
import type { Server } from 'node:http';

export interface ChildServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts `script`; it must `process.send({ type: 'ready', port })` once listening. */
export async function startChildServer(script: string, env: Record<string, string>): Promise<ChildServer> {
  const child = fork(script, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 15 s`)), 15_000);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it listened`)));
    child.once('message', (msg: { type: string; port: number }) => {
      clearTimeout(timer);
      resolve(msg.port);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The baseline side: listen on an ephemeral loopback port and tell the parent. */
export function announceListening(server: Server): void {
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
