// The captured messages, newest first, as Mailpit keeps them: an ID of its own (a shortuuid), a
// Message-ID it adds when the sender set none (`<shortuuid>@mailpit`), a read flag that opening
// the message sets, and the text derived from the HTML. Kept in the kit's journal store: in
// memory for tests, in a file for `npm run dev`, so a link mailed before a restart still shows.
import { randomBytes } from 'node:crypto';
import { createClock } from '../kit/clock.ts';
import { createJournalStore } from '../kit/store.ts';
import { htmlToText, snippetOf } from './html-text.ts';
import { cleanTerm, compileSearch } from './search.ts';

export interface Address {
  Name: string;
  Address: string;
}

/** What a sender hands over: GoTrue's mail is one HTML part and these headers. */
export interface OutgoingMail {
  from: Address;
  to: Address[];
  subject: string;
  html: string;
}

export interface StoredMessage {
  id: string;
  messageId: string;
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  subject: string;
  html: string;
  text: string;
  snippet: string;
  searchText: string;
  size: number;
  /** ISO 8601, as journaled. */
  created: string;
  read: boolean;
}

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const shortUuid = () => [...randomBytes(22)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');

const formatAddress = (a: Address) => (a.Name ? `"${a.Name}" <${a.Address}>` : a.Address);

export interface MailStore {
  add(mail: OutgoingMail): StoredMessage;
  /** Newest first; `limit` 0 means all, from the first (Mailpit's list sets no LIMIT/OFFSET then). */
  list(start: number, limit: number, query?: string): { messages: StoredMessage[]; matches: number; unreadMatches: number };
  get(id: string): StoredMessage | undefined;
  latest(query?: string): StoredMessage | undefined;
  setRead(ids: string[] | 'all', read: boolean, query?: string): void;
  delete(ids: string[] | 'all', query?: string): void;
  stats(): { total: number; unread: number };
}

export function createMailStore(file?: string): MailStore {
  const records = createJournalStore(file).collection<StoredMessage>('messages');
  // Strictly increasing times, so two messages of one millisecond still order; ISO strings of
  // one clock sort as text, newest first.
  const clock = createClock();
  const all = () => records.values().sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
  const matching = (query?: string) => (query ? all().filter(compileSearch(query)) : all());
  const chosen = (ids: string[] | 'all', query?: string) => (query ? matching(query) : ids === 'all' ? all() : all().filter((m) => ids.includes(m.id)));

  return {
    add(mail) {
      const created = clock.now();
      const text = htmlToText(mail.html);
      const headers = [
        `Message-ID: <${shortUuid()}@mailpit>`, `Return-Path: <${mail.from.Address}>`, 'Mime-Version: 1.0',
        `Date: ${created.toUTCString()}`, `From: ${formatAddress(mail.from)}`, `To: ${mail.to.map(formatAddress).join(', ')}`,
        `Subject: ${mail.subject}`, 'Content-Type: text/html; charset=UTF-8',
      ];
      const message: StoredMessage = {
        id: shortUuid(),
        messageId: headers[0]!.slice('Message-ID: <'.length, -1),
        from: mail.from,
        to: mail.to,
        cc: [],
        bcc: [],
        replyTo: [],
        subject: mail.subject,
        html: mail.html,
        text,
        snippet: snippetOf(mail.html),
        searchText: cleanTerm([mail.subject, formatAddress(mail.from), ...mail.to.map(formatAddress), text].join(' ')),
        size: Buffer.byteLength(`${headers.join('\r\n')}\r\n\r\n${mail.html}`),
        created: created.toISOString(),
        read: false,
      };
      return records.put(message);
    },
    list(start, limit, query) {
      const found = matching(query);
      return {
        messages: limit > 0 ? found.slice(start, start + limit) : found,
        matches: found.length,
        unreadMatches: found.filter((m) => !m.read).length,
      };
    },
    get: (id) => records.get(id),
    latest: (query) => matching(query)[0],
    setRead(ids, read, query) {
      for (const message of chosen(ids, query)) if (message.read !== read) records.put({ ...message, read });
    },
    delete(ids, query) {
      for (const message of chosen(ids, query)) records.delete(message.id);
    },
    stats: () => ({ total: records.size, unread: records.values().filter((m) => !m.read).length }),
  };
}
