// The two pages of the inbox a developer opens from `npm run dev`: the list, newest first, and
// one message's HTML as sent (Mailpit's /view/{ID}.html), so its links can be followed.
import type { StoredMessage } from './store.ts';

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const layout = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#18181b}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e4e4e7}.muted{color:#71717a}
.unread td{font-weight:600}.mail{border:1px solid #e4e4e7;border-radius:8px;padding:1rem;margin-top:1rem}</style>
</head><body>${body}</body></html>`;

export function inboxPage(messages: StoredMessage[]): string {
  const rows = messages
    .map((m) => `<tr class="${m.read ? '' : 'unread'}"><td>${escape(m.to.map((a) => a.Address).join(', '))}</td>
<td><a href="/view/${m.id}.html">${escape(m.subject)}</a></td><td class="muted">${m.created}</td></tr>`)
    .join('\n');
  const list = messages.length
    ? `<table><tr><th>To</th><th>Subject</th><th>Received</th></tr>${rows}</table>`
    : '<p class="muted">No messages yet. Sign up with confirmations on, or ask for a password reset.</p>';
  return layout('Inbox', `<h1>Inbox</h1><p class="muted">Mail the Supabase stand-in sent. API: /api/v1/messages (Mailpit's).</p>${list}`);
}

export function messagePage(m: StoredMessage): string {
  const header = `<p><a href="/">← Inbox</a></p><h1>${escape(m.subject)}</h1>
<p class="muted">From ${escape(`${m.from.Name} <${m.from.Address}>`)} to ${escape(m.to.map((a) => a.Address).join(', '))}</p>`;
  // The message's own HTML, as the recipient's mail client would show it.
  return layout(m.subject, `${header}<div class="mail">${m.html}</div>`);
}
