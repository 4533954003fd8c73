// GET /api/portal and POST /api/payments/portal through the production build: real cookies
// from a real sign-in, the real CustomerPortal helper calling the Polar stand-in.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { eventually, mintToken, sessionCookie, signUpUser, sqlFor, subscribe, type TestUser } from '../../fixtures/app-users.ts';
import { navigate } from '../../fixtures/browser-navigation.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const sql = sqlFor(stack);

let subscriber: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  [subscriber, stranger] = await Promise.all([signUpUser(stack, 'subscriber'), signUpUser(stack, 'stranger')]);
  await subscribe(stack, subscriber, SEED_PRODUCT_IDS.pro, sql);
});
afterAll(() => sql.end());

const getPortal = (cookie?: string, query = '', headers: Record<string, string> = {}) =>
  fetch(`${stack.appUrl}/api/portal${query}`, { headers: { ...(cookie ? { cookie } : {}), ...headers }, redirect: 'manual' });

const postPortal = (cookie: string | undefined, body?: string, headers: Record<string, string> = {}) =>
  fetch(`${stack.appUrl}/api/payments/portal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: stack.appUrl, ...(cookie ? { cookie } : {}), ...headers },
    body,
    redirect: 'manual',
  });

async function expectJson(response: Response, status: number, body: unknown) {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.json()).toEqual(body);
}

/** The portal page's "Return to app" link shows which return_url Polar was given. */
async function returnUrlOfPortal(portalUrl: string) {
  const html = await (await fetch(portalUrl)).text();
  return html.match(/href="([^"]+)"[^>]*>\s*Return to app/)?.[1]?.replaceAll('&amp;', '&');
}

describe('GET /api/portal', () => {
  it('answers a fetch caller 200 {url} with a session for their own Polar customer', async () => {
    const response = await getPortal(subscriber.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { url } = (await response.json()) as { url: string };
    expect(url.startsWith(`${stack.polarUrl}/portal/`)).toBe(true);
    const portal = await fetch(url);
    expect(portal.status).toBe(200);
    expect(await portal.text()).toContain(subscriber.email);
    expect(await returnUrlOfPortal(url)).toBe(`${stack.appUrl}/dashboard`);
  });

  it('sends a plain browser navigation straight to the portal (303)', async () => {
    const response = await navigate(`${stack.appUrl}/api/portal`, subscriber.cookie);
    expect(response.status).toBe(303);
    expect(response.location).toMatch(new RegExp(`^${stack.polarUrl}/portal/`));
  });

  it('passes a same-origin returnUrl on to Polar', async () => {
    const response = await getPortal(subscriber.cookie, `?returnUrl=${encodeURIComponent('/dashboard?tab=billing')}`);
    const { url } = (await response.json()) as { url: string };
    expect(await returnUrlOfPortal(url)).toBe(`${stack.appUrl}/dashboard?tab=billing`);
  });

  it.each(['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/%2F%2Fevil.example', `${'http'}://127.0.0.1.evil.example/`])(
    'refuses returnUrl %s with 400',
    async (returnUrl) => {
      await expectJson(await getPortal(subscriber.cookie, `?returnUrl=${encodeURIComponent(returnUrl)}`), 400, { error: 'Invalid returnUrl' });
    },
  );

  it('answers 401 when signed out, or with a garbled, forged or expired token', async () => {
    await expectJson(await getPortal(), 401, { error: 'Unauthorized' });
    await expectJson(await getPortal(`${subscriber.cookieName}=garbage`), 401, { error: 'Unauthorized' });
    await expectJson(await getPortal(sessionCookie(subscriber, 'not.a.jwt')), 401, { error: 'Unauthorized' });
    const expired = await mintToken(stack, subscriber, { exp: Math.floor(Date.now() / 1000) - 60 });
    await expectJson(await getPortal(sessionCookie(subscriber, expired)), 401, { error: 'Unauthorized' });
  });

  it('refreshes a session about to expire (or expired) and rewrites the cookie, then answers', async () => {
    // Tokens this close to expiry skip the local check and go through @supabase/ssr's refresh.
    const now = Math.floor(Date.now() / 1000);
    for (const exp of [now + 60, now - 60]) {
      const user = await signUpUser(stack, 'refresh-api');
      const token = await mintToken(stack, user, { exp });
      const response = await getPortal(sessionCookie(user, token, user.refreshToken, exp));
      await expectJson(response, 404, { error: 'No subscription found' });
      const rewritten = response.headers.getSetCookie().find((c) => c.startsWith(`${user.cookieName}=`));
      expect(rewritten, `exp ${exp - now} s`).toBeDefined();
      const session = JSON.parse(Buffer.from(rewritten!.split(';')[0]!.split('=')[1]!.slice('base64-'.length), 'base64url').toString()) as { access_token: string };
      expect(session.access_token).not.toBe(token);
    }
  });

  it('answers 404 to a user with no subscription row, or a row without a customer', async () => {
    await expectJson(await getPortal(stranger.cookie), 404, { error: 'No subscription found' });
    await sql`insert into public.user_subscriptions (user_id) values (${stranger.id})`;
    try {
      await expectJson(await getPortal(stranger.cookie), 404, { error: 'No subscription found' });
    } finally {
      await sql`delete from public.user_subscriptions where user_id = ${stranger.id}`;
    }
  });

  it('answers 502 when Polar fails, and when it does not answer in time', async () => {
    try {
      await control.polarFaults({ status: 500 });
      await expectJson(await getPortal(subscriber.cookie), 502, { error: 'Something went wrong' });
      await control.polarFaults({ hang: true });
      await expectJson(await getPortal(subscriber.cookie), 502, { error: 'Something went wrong' });
    } finally {
      await control.polarFaults({});
    }
    expect((await getPortal(subscriber.cookie)).status).toBe(200);
  });

  it('answers 500 on any other failure (here: the database refuses the read)', async () => {
    await sql`revoke select on public.user_subscriptions from authenticated`;
    try {
      await expectJson(await getPortal(subscriber.cookie), 500, { error: 'Something went wrong' });
    } finally {
      await sql`grant select on public.user_subscriptions to authenticated`;
    }
  });
});

describe('POST /api/payments/portal', () => {
  it('answers 200 {url}, with or without a body', async () => {
    for (const body of [undefined, '', '{}', JSON.stringify({ returnUrl: '/dashboard?from=post' })]) {
      const response = await postPortal(subscriber.cookie, body);
      expect(response.status).toBe(200);
      const { url } = (await response.json()) as { url: string };
      expect(url.startsWith(`${stack.polarUrl}/portal/`)).toBe(true);
    }
  });

  it('uses the returnUrl from the body', async () => {
    const response = await postPortal(subscriber.cookie, JSON.stringify({ returnUrl: `${stack.appUrl}/settings` }));
    const { url } = (await response.json()) as { url: string };
    expect(await returnUrlOfPortal(url)).toBe(`${stack.appUrl}/settings`);
  });

  it.each(['{', '[]', 'null', '42', '"text"', '{"returnUrl": 5}', '{"returnUrl": ["/dashboard"]}', '{"returnUrl": null}'])(
    'answers 400 to the body %s',
    async (body) => {
      await expectJson(await postPortal(subscriber.cookie, body), 400, { error: 'Invalid request body' });
    },
  );

  it('answers 400 to a returnUrl off the site', async () => {
    await expectJson(await postPortal(subscriber.cookie, JSON.stringify({ returnUrl: 'https://evil.example/' })), 400, { error: 'Invalid returnUrl' });
  });

  it('answers 403 to a cross-site request', async () => {
    await expectJson(await postPortal(subscriber.cookie, '{}', { origin: 'https://evil.example' }), 403, { error: 'Forbidden' });
    await expectJson(await postPortal(subscriber.cookie, '{}', { origin: 'null' }), 403, { error: 'Forbidden' });
  });

  it('answers 401 signed out and 404 without a customer', async () => {
    await expectJson(await postPortal(undefined, '{}'), 401, { error: 'Unauthorized' });
    await expectJson(await postPortal(stranger.cookie, '{}'), 404, { error: 'No customer found' });
  });

  it('answers 400 when the stored provider is not the active one', async () => {
    await sql`update public.user_subscriptions set provider = 'stripe' where user_id = ${subscriber.id}`;
    try {
      await expectJson(await postPortal(subscriber.cookie, '{}'), 400, { error: 'Customer provider (stripe) does not match active provider (polar)' });
    } finally {
      await sql`update public.user_subscriptions set provider = 'polar' where user_id = ${subscriber.id}`;
    }
  });

  it('answers 500 "Internal Server Error" when anything fails, Polar included', async () => {
    try {
      await control.polarFaults({ status: 503 });
      await expectJson(await postPortal(subscriber.cookie, '{}'), 500, { error: 'Internal Server Error' });
    } finally {
      await control.polarFaults({});
    }
    await sql`revoke select on public.user_subscriptions from authenticated`;
    try {
      await expectJson(await postPortal(subscriber.cookie, '{}'), 500, { error: 'Internal Server Error' });
    } finally {
      await sql`grant select on public.user_subscriptions to authenticated`;
    }
  });

  it('shares one code path with GET: the same customer, the same kind of session', async () => {
    const viaGet = (await (await getPortal(subscriber.cookie)).json()) as { url: string };
    const viaPost = (await (await postPortal(subscriber.cookie, '{}')).json()) as { url: string };
    await eventually(async () => viaGet.url !== viaPost.url);
    const [getPage, postPage] = await Promise.all([fetch(viaGet.url).then((r) => r.text()), fetch(viaPost.url).then((r) => r.text())]);
    expect(getPage).toContain(subscriber.email);
    expect(postPage).toContain(subscriber.email);
  });
});
