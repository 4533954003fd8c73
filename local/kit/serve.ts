import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

/** Serves a Hono app on 127.0.0.1 (`port` 0 → any free port). */
export async function serveOnLoopback(fetch: (request: Request) => Response | Promise<Response>, port = 0): Promise<LoopbackServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    // overrideGlobalObjects: false — otherwise @hono/node-server swaps the process-wide
    // Response class, and in a process shared with the real clients (tests) the sdk's
    // `instanceof Response` checks fail on every error response.
    const s = serve({ fetch, port, hostname: '127.0.0.1', overrideGlobalObjects: false }) as Server;
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
