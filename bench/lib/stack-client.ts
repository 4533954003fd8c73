// The bench's handle on the offline stack running in its own process (stack-host.ts).
import { fork } from 'node:child_process';
import path from 'node:path';
import type { JWK } from 'jose';
import type { ProvidedStack } from '../../tests/fixtures/app-stack.ts';

export type Faults = { latencyMs?: number; status?: number; hang?: boolean };
export type Counts = { auth: number; rest: number; jwks: number; supabaseTotal: number; polar: number };
export type Delivery = { id: string; type: string; status: number | null; body: string };

export interface HostRequest {
  id: number;
  cmd: 'faults' | 'counts' | 'resetCounts' | 'deliveries' | 'webhookUrl' | 'retryTimeFactor' | 'settled' | 'stop';
  target?: 'polar' | 'supabase' | 'both';
  faults?: Faults;
  url?: string;
  factor?: number;
}

export interface HostInfo {
  pid: number;
  dbUrl: string;
  supabaseUrl: string;
  polarUrl: string;
  publishableKey: string;
  secretKey: string;
  webhookSecret: string;
  signingKey: JWK;
  appEnv: Record<string, string>;
}

export interface StackHost {
  info: HostInfo;
  /** The shape tests/fixtures/app-users.ts (signUpUser, subscribe) takes. */
  provided: ProvidedStack;
  setFaults(target: 'polar' | 'supabase' | 'both', faults: Faults): Promise<void>;
  counts(): Promise<Counts>;
  resetCounts(): Promise<void>;
  deliveries(): Promise<Delivery[]>;
  /** Where Polar sends webhooks (an unreachable address loses them). */
  setWebhookUrl(url: string): Promise<void>;
  /** Scales Polar's retry schedule (1 = real time). */
  setRetryTimeFactor(factor: number): Promise<void>;
  /** Resolves once no webhook awaits a retry. */
  webhooksSettled(): Promise<void>;
  stop(): Promise<void>;
}

const HOST = path.join(import.meta.dirname, 'stack-host.ts');

export async function startStackHost(appUrl: string): Promise<StackHost> {
  const child = fork(HOST, [appUrl], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;

  const info = await new Promise<HostInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`stack host exited (${code}) before it was ready`)));
    child.on('message', (msg: { type?: string; info?: HostInfo; error?: string; id?: number; ok?: boolean; result?: unknown }) => {
      if (msg.type === 'ready') return resolve(msg.info!);
      if (msg.type === 'failed') return reject(new Error(`stack host failed: ${msg.error}`));
      const waiter = pending.get(msg.id!);
      pending.delete(msg.id!);
      if (msg.ok) waiter?.resolve(msg.result);
      else waiter?.reject(new Error(msg.error));
    });
  });

  const call = <T>(req: Omit<HostRequest, 'id'>) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...req, id });
    });

  return {
    info,
    provided: {
      appUrl,
      webhookUrl: `${appUrl}/api/webhooks/polar`,
      supabaseUrl: info.supabaseUrl,
      polarUrl: info.polarUrl,
      polarAccessToken: info.appEnv.POLAR_ACCESS_TOKEN!,
      dbUrl: info.dbUrl,
      publishableKey: info.publishableKey,
      secretKey: info.secretKey,
      webhookSecret: info.webhookSecret,
      signingKey: info.signingKey,
      controlUrl: '',
      polarTimeoutMs: 10_000,
    } as ProvidedStack,
    setFaults: (target, faults) => call({ cmd: 'faults', target, faults }),
    counts: () => call<Counts>({ cmd: 'counts' }),
    resetCounts: () => call({ cmd: 'resetCounts' }),
    deliveries: () => call<Delivery[]>({ cmd: 'deliveries' }),
    setWebhookUrl: (url) => call({ cmd: 'webhookUrl', url }),
    setRetryTimeFactor: (factor) => call({ cmd: 'retryTimeFactor', factor }),
    webhooksSettled: () => call({ cmd: 'settled' }),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await call({ cmd: 'stop' }).catch(() => child.kill('SIGTERM'));
      await exited;
    },
  };
}
