// Loaded before Next by `npm start` and `npm run dev` (`node --import=…`): makes the client
// address the app reads the connection's own, when no trusted proxy is configured.
//
// Next sets X-Forwarded-For from the socket only when the request has none
// (`req.headers['x-forwarded-for'] ??= socket.remoteAddress`, next/dist/server/base-server.js),
// so on a server clients reach directly, anyone could name any address and slip past the
// per-address throttles. Route handlers and server actions never see the socket. This drops
// the client-sent header as each request starts, before Next looks: Next then fills in the
// socket's address. Node's `http.server.request.start` diagnostics channel is published
// synchronously just before the server's 'request' event, so nothing runs in between.
//
// With CLIENT_IP_HEADER set (the app is behind a proxy that sets that header), requests are
// left as they are: the proxy's headers are the truth then. It is read per request because
// Next loads .env files only after this module ran.
import { subscribe } from 'node:diagnostics_channel';

subscribe('http.server.request.start', ({ request }) => {
  if (process.env.CLIENT_IP_HEADER) return;
  delete request.headers['x-forwarded-for'];
});

// Lets src/lib/http/client-address.ts refuse to trust X-Forwarded-For when this never ran.
globalThis[Symbol.for('polar-supabase-billing.socket-address')] = true;
