// Mailpit's JSON (axllent/mailpit internal/storage/structs.go, server/apiv1/messages.go), as
// v1.30.5 writes it. Where it sends null rather than [] the inbox does too, although the
// mailpit-api types promise arrays: list and search summaries are built from stored metadata
// whose empty Cc/Bcc were omitted (`omitempty`), so they come back null; the list alone
// re-creates ReplyTo as []. A client that trips over null here would trip over real Mailpit.
import type { StoredMessage } from './store.ts';

const emptyAsNull = <T>(items: T[]) => (items.length ? items : null);

export function summaryJson(m: StoredMessage, from: 'list' | 'search') {
  return {
    ID: m.id,
    MessageID: m.messageId,
    Read: m.read,
    From: m.from,
    To: emptyAsNull(m.to),
    Cc: emptyAsNull(m.cc),
    Bcc: emptyAsNull(m.bcc),
    ReplyTo: from === 'list' ? m.replyTo : emptyAsNull(m.replyTo),
    Subject: m.subject,
    Created: m.created,
    Username: '',
    Tags: [],
    Size: m.size,
    Attachments: 0,
    Snippet: m.snippet,
  };
}

/** GET /api/v1/message/{ID}: here every address list is an array (parsed from the message). */
export function messageJson(m: StoredMessage) {
  return {
    ID: m.id,
    MessageID: m.messageId,
    From: m.from,
    To: m.to,
    Cc: m.cc,
    Bcc: m.bcc,
    ReplyTo: m.replyTo,
    ReturnPath: m.from.Address,
    Subject: m.subject,
    ListUnsubscribe: { Header: '', Links: [], Errors: '', HeaderPost: '' },
    Date: m.created,
    Tags: [],
    Username: '',
    Text: m.text,
    HTML: m.html,
    Size: m.size,
    Inline: [],
    Attachments: [],
  };
}

export function envelopeJson(
  page: { messages: StoredMessage[]; matches: number; unreadMatches: number },
  stats: { total: number; unread: number },
  start: number,
  from: 'list' | 'search',
) {
  return {
    total: stats.total,
    unread: stats.unread,
    count: page.messages.length,
    messages_count: page.matches,
    messages_unread: page.unreadMatches,
    start,
    tags: [],
    messages: page.messages.map((m) => summaryJson(m, from)),
  };
}
