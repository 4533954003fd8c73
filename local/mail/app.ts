// The Mailpit HTTP API the CLI's inbox offers on port 54324, as far as mailpit-api drives it
// (axllent/mailpit server/server.go routes, server/apiv1/messages.go, message.go, api.go):
// errors are text/plain (400 for a bad request, 404 for an unknown message), successes 200.
import { Hono, type Context } from 'hono';
import type { FaultInjector } from '../kit/faults.ts';
import { inboxPage, messagePage } from './pages.ts';
import type { MailStore } from './store.ts';
import { envelopeJson, messageJson } from './wire.ts';

const text = (c: Context, body: string, status: 200 | 400 | 404 = 200) =>
  c.body(body, status, { 'Content-Type': 'text/plain; charset=utf-8' });

/** getStartLimit: start defaults to 0 (negative or junk too), limit to 50; limit 0 = no limit. */
function startLimit(c: Context): { start: number; limit: number } {
  const start = Number.parseInt(c.req.query('start') ?? '', 10);
  const limit = Number.parseInt(c.req.query('limit') ?? '', 10);
  return { start: start > 0 ? start : 0, limit: Number.isInteger(limit) && limit > -1 ? limit : 50 };
}

/** Go's encoding/json into a struct: field names match case-insensitively; undecodable → null. */
async function goJson(c: Context): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = JSON.parse(await c.req.text());
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key.toLowerCase(), v]));
  } catch {
    return null;
  }
}
const ids = (body: Record<string, unknown> | null) => (Array.isArray(body?.ids) ? body.ids.map(String) : []);

export function createInboxApp(store: MailStore, faults: FaultInjector): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => (await faults.apply(c, (ctx, status) => ctx.body(`Injected fault (HTTP ${status})`, status as 500))) ?? next());

  app.get('/api/v1/messages', (c) => {
    const { start, limit } = startLimit(c);
    return c.json(envelopeJson(store.list(start, limit), store.stats(), start, 'list'));
  });

  app.put('/api/v1/messages', async (c) => {
    const body = await goJson(c);
    if (!body) return text(c, 'EOF', 400);
    const search = typeof body.search === 'string' ? body.search : '';
    if (ids(body).length && search) return text(c, 'You may specify either IDs or a search query, not both', 400);
    // No IDs and no search: every message (read or unread, as asked).
    store.setRead(ids(body).length ? ids(body) : 'all', body.read === true, search || undefined);
    return text(c, 'ok');
  });

  app.delete('/api/v1/messages', async (c) => {
    // A missing, undecodable or empty list of IDs deletes everything.
    const chosen = ids(await goJson(c));
    store.delete(chosen.length ? chosen : 'all');
    return text(c, 'ok');
  });

  app.get('/api/v1/search', (c) => {
    const query = (c.req.query('query') ?? '').trim();
    if (!query) return text(c, 'Error: no search query', 400);
    const { start, limit } = startLimit(c);
    // Unlike the list, a search with limit=0 returns an empty page.
    const page = limit === 0 ? { ...store.list(0, 0, query), messages: [] } : store.list(start, limit, query);
    return c.json(envelopeJson(page, store.stats(), start, 'search'));
  });

  app.delete('/api/v1/search', (c) => {
    const query = (c.req.query('query') ?? '').trim();
    if (!query) return text(c, 'Error: no search query', 400);
    store.delete('all', query);
    return text(c, 'ok');
  });

  // `latest` (optionally the latest match of ?query=); reading a message marks it read.
  app.get('/api/v1/message/:id', (c) => {
    const id = c.req.param('id');
    const message = id === 'latest' ? store.latest(c.req.query('query')?.trim() || undefined) : store.get(id);
    if (!message) return id === 'latest' ? text(c, 'Message not found', 404) : text(c, '404 page not found', 404);
    const json = messageJson(message);
    store.setRead([message.id], true);
    return c.json(json);
  });

  // The web UI's two views a developer needs: the list, and a message's HTML (Mailpit's /view/{ID}.html).
  app.get('/', (c) => c.html(inboxPage(store.list(0, 100).messages)));
  app.get('/view/:file{[^/]+\\.html}', (c) => {
    const message = store.get(c.req.param('file').replace(/\.html$/, ''));
    if (!message) return text(c, '404 page not found', 404);
    // The message's HTML is shown as sent; nothing in it may run scripts on the inbox's origin.
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:");
    return c.html(messagePage(message));
  });

  app.notFound((c) => text(c, '404 page not found', 404));
  return app;
}
