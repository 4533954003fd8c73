// Mailpit's search language, the part a test of sign-up mail needs (axllent/mailpit
// internal/storage/search.go searchQueryBuilder, internal/tools/argsparser.go): terms split on
// spaces with "quoted phrases" kept whole; `-` or `!` negates; to:, from:, cc:, bcc:, reply-to:,
// addressed:, subject:, message-id:, is:read, is:unread, has:attachment; anything else matches
// the message's search text. Every match is a case-insensitive substring (SQLite LIKE).
import type { StoredMessage } from './store.ts';

/** Mailpit's cleanString: separators become spaces, whitespace collapses, lower case. */
export function cleanTerm(value: string): string {
  return value.replace(/\uFEFF/g, ' ').replace(/(\r?\n|\t|>|<|"|,|;|\(|\))/g, ' ').trim().split(/\s+/).filter(Boolean).join(' ').toLowerCase();
}

export function parseArgs(query: string): string[] {
  const args: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of query) {
    if (char === '"') quoted = !quoted;
    else if (char === ' ' && !quoted) {
      if (current) args.push(current);
      current = '';
    } else current += char;
  }
  if (current) args.push(current);
  return args;
}

const ADDRESS_FIELDS = { 'to:': 'to', 'from:': 'from', 'cc:': 'cc', 'bcc:': 'bcc', 'reply-to:': 'replyTo' } as const;

type Predicate = (m: StoredMessage) => boolean;
const json = (value: unknown) => JSON.stringify(value ?? {}).toLowerCase();

function termPredicate(raw: string): Predicate | null {
  const lower = raw.toLowerCase();
  for (const [prefix, field] of Object.entries(ADDRESS_FIELDS)) {
    if (!lower.startsWith(prefix)) continue;
    const term = cleanTerm(raw.slice(prefix.length));
    return term ? (m) => json(m[field]).includes(term) : null;
  }
  if (lower.startsWith('addressed:')) {
    const term = cleanTerm(raw.slice(10));
    return term ? (m) => [m.to, m.from, m.cc, m.bcc, m.replyTo].some((a) => json(a).includes(term)) : null;
  }
  if (lower.startsWith('subject:')) {
    const term = raw.slice(8).toLowerCase();
    return term ? (m) => m.subject.toLowerCase().includes(term) : null;
  }
  if (lower.startsWith('message-id:')) {
    const term = cleanTerm(raw.slice(11));
    return term ? (m) => m.messageId.toLowerCase().includes(term) : null;
  }
  if (lower === 'is:read') return (m) => m.read;
  if (lower === 'is:unread') return (m) => !m.read;
  // GoTrue's mail has no attachments or inline parts.
  if (['has:attachment', 'has:attachments', 'has:inline', 'has:inlines'].includes(lower)) return () => false;
  const term = cleanTerm(lower);
  return (m) => m.searchText.includes(term);
}

/** A predicate for Mailpit's `query`; every term must hold (negated ones must not). */
export function compileSearch(query: string): Predicate {
  const predicates: Predicate[] = [];
  for (let arg of parseArgs(query)) {
    if (cleanTerm(arg) === '') continue;
    const exclude = arg.length > 1 && (arg.startsWith('-') || arg.startsWith('!'));
    if (exclude) arg = arg.slice(1);
    const predicate = termPredicate(arg);
    if (predicate) predicates.push(exclude ? (m) => !predicate(m) : predicate);
  }
  return (m) => predicates.every((p) => p(m));
}
