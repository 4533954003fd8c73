// The captured-mail inbox, judged by the mailpit-api client over real HTTP: every endpoint the
// client offers for reading, searching, marking and deleting mail is driven through it, and
// the client throws on anything but a 200 of the right shape.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MailpitClient } from 'mailpit-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMailInbox, type MailInbox, type OutgoingMail } from '../../local/mail/index.ts';

let inbox: MailInbox;
let mailpit: MailpitClient;

const ADMIN = { Name: 'Admin', Address: 'admin@email.com' };
const mail = (to: string, subject: string, link = 'http://127.0.0.1:1/auth/v1/verify?token=pkce_abc&type=signup&redirect_to=x'): OutgoingMail => ({
  from: ADMIN,
  to: [{ Name: '', Address: to }],
  subject,
  html: `<h2>${subject}</h2>\n\n<p>Follow the link below &amp; finish.</p>\n<p><a href="${link.replaceAll('&', '&amp;')}">Confirm email address</a></p>\n`,
});

beforeAll(async () => {
  inbox = await startMailInbox();
  mailpit = new MailpitClient(inbox.url);
});
afterAll(async () => inbox?.close());
beforeEach(async () => {
  await mailpit.deleteMessages();
});

describe('Mailpit API of the inbox', () => {
  it('lists newest first, with Mailpit’s summary fields and counts', async () => {
    inbox.deliver(mail('ana@example.com', 'Confirm your email address'));
    inbox.deliver(mail('ben@example.com', 'Reset your password'));
    const list = await mailpit.listMessages();
    expect(list).toMatchObject({ total: 2, unread: 2, count: 2, messages_count: 2, messages_unread: 2, start: 0, tags: [] });
    expect(list.messages.map((m) => m.Subject)).toEqual(['Reset your password', 'Confirm your email address']);
    const [newest] = list.messages;
    expect(newest).toMatchObject({
      From: ADMIN, To: [{ Name: '', Address: 'ben@example.com' }], Cc: null, Bcc: null, ReplyTo: [],
      Read: false, Tags: [], Attachments: 0, Username: '',
    });
    expect(newest!.ID).toMatch(/^[2-9A-HJ-NP-Za-km-z]{22}$/);
    expect(newest!.MessageID).toMatch(/@mailpit$/);
    expect(new Date(newest!.Created).getTime()).not.toBeNaN();
    expect(newest!.Snippet).toBe('Reset your password Follow the link below & finish. Confirm email address');
    expect(newest!.Size).toBeGreaterThan(newest!.Snippet.length);

    const page = await mailpit.listMessages(1, 1);
    expect(page).toMatchObject({ start: 1, count: 1, messages_count: 2 });
    expect(page.messages[0]?.Subject).toBe('Confirm your email address');
  });

  it('opens a message (by ID or latest, optionally the latest match), marking it read; Text comes from the HTML', async () => {
    inbox.deliver(mail('ana@example.com', 'Confirm your email address', 'http://127.0.0.1:1/verify?token=t&type=signup'));
    inbox.deliver(mail('ben@example.com', 'Reset your password'));
    const latest = await mailpit.getMessageSummary();
    expect(latest).toMatchObject({ Subject: 'Reset your password', ReturnPath: 'admin@email.com', Cc: [], Bcc: [], Inline: [], Attachments: [] });
    expect(latest.HTML).toContain('&amp;type=signup');

    const [older] = (await mailpit.searchMessages({ query: 'to:ana@example.com' })).messages;
    const opened = await mailpit.getMessageSummary(older!.ID);
    expect(opened.Text).toContain('Confirm email address ( http://127.0.0.1:1/verify?token=t&type=signup )');
    expect(opened.Text).toContain('Follow the link below & finish.');
    expect((await mailpit.listMessages()).unread).toBe(0);

    // The latest match of a query, through the raw API (the client has no parameter for it).
    const match = await fetch(`${inbox.url}/api/v1/message/latest?query=${encodeURIComponent('to:ana@')}`);
    expect((await match.json()).Subject).toBe('Confirm your email address');
  });

  it('refuses an unknown ID and an empty mailbox’s latest with 404 text, a search without query with 400', async () => {
    await expect(mailpit.getMessageSummary('no-such-id')).rejects.toThrow(/404 .*404 page not found/);
    await expect(mailpit.getMessageSummary('latest')).rejects.toThrow(/404 .*Message not found/);
    await expect(mailpit.searchMessages({ query: '  ' })).rejects.toThrow(/400 .*Error: no search query/);
  });

  it('searches like Mailpit: to: is a case-insensitive substring, terms combine, - negates, counts are the matches', async () => {
    inbox.deliver(mail('Ana@Example.com', 'Confirm your email address'));
    inbox.deliver(mail('ben@example.com', 'Confirm your email address'));
    inbox.deliver(mail('ben@example.com', 'Reset your password'));
    const ben = await mailpit.searchMessages({ query: 'to:BEN@example' });
    expect(ben).toMatchObject({ total: 3, messages_count: 2, messages_unread: 2 });
    expect(ben.messages[0]).toMatchObject({ Subject: 'Reset your password', ReplyTo: null, Cc: null });
    expect((await mailpit.searchMessages({ query: 'to:ana@example.com' })).messages_count).toBe(1);
    expect((await mailpit.searchMessages({ query: 'to:ben@ subject:reset' })).messages_count).toBe(1);
    expect((await mailpit.searchMessages({ query: 'to:ben@ -subject:reset' })).messages[0]?.Subject).toBe('Confirm your email address');
    expect((await mailpit.searchMessages({ query: '"finish signing"' })).messages_count).toBe(0);
    expect((await mailpit.searchMessages({ query: 'password' })).messages_count).toBe(1);
    expect((await mailpit.searchMessages({ query: 'to:ben@', limit: 0 })).messages).toEqual([]);
  });

  it('marks read and unread (all, by IDs, by search) and deletes (by IDs, by search, all)', async () => {
    inbox.deliver(mail('ana@example.com', 'One'));
    inbox.deliver(mail('ben@example.com', 'Two'));
    inbox.deliver(mail('cy@example.com', 'Three'));
    expect(await mailpit.setReadStatus({ Read: true })).toBe('ok');
    expect((await mailpit.listMessages()).unread).toBe(0);
    await mailpit.setReadStatus();
    expect((await mailpit.listMessages()).unread).toBe(3);
    const [three] = (await mailpit.listMessages()).messages;
    await mailpit.setReadStatus({ IDs: [three!.ID], Read: true });
    expect((await mailpit.searchMessages({ query: 'is:read' })).messages.map((m) => m.Subject)).toEqual(['Three']);
    await mailpit.setReadStatus({ Search: 'to:ana@', Read: true });
    expect((await mailpit.searchMessages({ query: 'is:unread' })).messages.map((m) => m.Subject)).toEqual(['Two']);
    await expect(mailpit.setReadStatus({ IDs: [three!.ID], Search: 'x' })).rejects.toThrow(/400/);

    expect(await mailpit.deleteMessages({ IDs: [three!.ID] })).toBe('ok');
    expect(await mailpit.deleteMessagesBySearch({ query: 'to:ana@' })).toBe('ok');
    expect((await mailpit.listMessages()).messages.map((m) => m.Subject)).toEqual(['Two']);
    await mailpit.deleteMessages();
    expect((await mailpit.listMessages()).total).toBe(0);
  });

  it('lets waitForMessage and waitForMessages poll until mail arrives', async () => {
    setTimeout(() => inbox.deliver(mail('late@example.com', 'Confirm your email address')), 150);
    const arrived = await mailpit.waitForMessage({ query: 'to:late@example.com' }, { timeout: 3000, interval: 50 });
    expect(arrived.To).toEqual([{ Name: '', Address: 'late@example.com' }]);
    const counted = await mailpit.waitForMessages({ query: 'to:late@', count: 1, exact: true }, { timeout: 1000, interval: 50 });
    expect(counted.messages_count).toBe(1);
  });

  it('answers an injected fault as Mailpit-shaped text, which the client reports', async () => {
    inbox.setFaults({ status: 503 });
    await expect(mailpit.listMessages()).rejects.toThrow(/503/);
    inbox.setFaults({});
    expect((await mailpit.listMessages()).total).toBe(0);
  });

  it('serves a page listing the mail, and each message’s HTML under a script-free policy', async () => {
    inbox.deliver(mail('ana@example.com', 'Confirm <your> email'));
    const page = await (await fetch(inbox.url)).text();
    expect(page).toContain('Confirm &lt;your&gt; email');
    const [message] = (await mailpit.listMessages()).messages;
    const view = await fetch(`${inbox.url}/view/${message!.ID}.html`);
    expect(view.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await view.text()).toContain('href="http://127.0.0.1:1/auth/v1/verify?token=pkce_abc&amp;type=signup');
  });

  it('keeps its mail across a restart when given a journal file (the dev stack)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'inbox-'));
    try {
      const first = await startMailInbox({ stateFile: path.join(dir, 'mail.jsonl') });
      first.deliver(mail('kept@example.com', 'Confirm your email address'));
      const [before] = first.messages();
      await new MailpitClient(first.url).getMessageSummary(before!.id);
      await first.close();
      const again = await startMailInbox({ stateFile: path.join(dir, 'mail.jsonl') });
      const list = await new MailpitClient(again.url).listMessages();
      await again.close();
      expect(list.messages.map((m) => [m.ID, m.Subject, m.Read])).toEqual([[before!.id, 'Confirm your email address', true]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
