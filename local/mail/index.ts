// A captured-mail inbox with Mailpit's HTTP API, where `supabase start` runs Mailpit (port
// 54324): the Supabase stand-in "sends" by handing each message to `deliver`, and people and
// tests read them as they would read Mailpit (the mailpit-api client, or the page at `url`).
import { createFaultInjector, type Faults } from '../kit/faults.ts';
import { serveOnLoopback } from '../kit/serve.ts';
import { createInboxApp } from './app.ts';
import { createMailStore, type OutgoingMail, type StoredMessage } from './store.ts';

export type { Address, OutgoingMail, StoredMessage } from './store.ts';

/** Anything that accepts outgoing mail: the inbox, or a test's own sink. */
export interface MailSink {
  deliver(mail: OutgoingMail): void;
}

export interface MailInbox extends MailSink {
  url: string;
  messages(): StoredMessage[];
  setFaults(faults: Faults): void;
  close(): Promise<void>;
}

export interface MailInboxOptions {
  /** 54324 for dev; 0 or undefined = any free port. The host is always 127.0.0.1. */
  port?: number;
  /** Journal file keeping the mail across restarts (dev); omitted → memory only. */
  stateFile?: string;
}

export async function startMailInbox({ port = 0, stateFile }: MailInboxOptions = {}): Promise<MailInbox> {
  const store = createMailStore(stateFile);
  const faults = createFaultInjector();
  const server = await serveOnLoopback(createInboxApp(store, faults).fetch, port);
  return {
    url: server.url,
    deliver: (mail) => void store.add(mail),
    messages: () => store.list(0, 0).messages,
    setFaults: (next) => faults.set(next),
    async close() {
      faults.releaseHung();
      await server.close();
    },
  };
}
