// Sends a fixed list of pre-signed webhook deliveries with N concurrent senders (each waits for
// its answer before taking the next delivery, as Polar's workers do), and records every answer.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface SignedDelivery {
  id: string;
  headers: Record<string, string>;
  body: string;
}

export interface SendResult {
  /** Status per delivery, in list order; 0 = no answer (network error or timeout). */
  statuses: number[];
  latenciesMs: number[];
  seconds: number;
  eventsPerSecond: number;
  outcomes: Record<string, number>;
}

export async function sendAll(url: string, deliveries: SignedDelivery[], senders: number, timeoutMs = 30_000): Promise<SendResult> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: senders, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const statuses = new Array<number>(deliveries.length).fill(0);
  const latenciesMs: number[] = [];
  const outcomes: Record<string, number> = {};
  let next = 0;

  const worker = async () => {
    for (let i = next++; i < deliveries.length; i = next++) {
      const delivery = deliveries[i]!;
      const started = performance.now();
      try {
        const response = await pool.request({
          path: target.pathname,
          method: 'POST',
          headers: { ...delivery.headers, 'content-type': 'application/json' },
          body: delivery.body,
        });
        const text = await response.body.text();
        latenciesMs.push(performance.now() - started);
        statuses[i] = response.statusCode;
        let outcome = `http ${response.statusCode}`;
        try {
          outcome = (JSON.parse(text) as { outcome?: string }).outcome ?? outcome;
        } catch {
          // not JSON: counted under its status
        }
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      } catch (error) {
        latenciesMs.push(performance.now() - started);
        outcomes[`error: ${(error as Error).message}`] = (outcomes[`error: ${(error as Error).message}`] ?? 0) + 1;
      }
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: senders }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { statuses, latenciesMs, seconds, eventsPerSecond: deliveries.length / seconds, outcomes };
}
