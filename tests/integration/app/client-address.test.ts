// Behind a proxy, the client address comes from the header that proxy sets (CLIENT_IP_HEADER),
// and only from it: on Vercel x-real-ip, behind proxies you run X-Forwarded-For counted from the
// right (CLIENT_IP_HOPS). What the client itself adds to the left is never the key. Without
// either a proxy header or the preload, nothing is trusted.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { submitAuthForm } from '../../fixtures/auth-forms.ts';
import type { RunningApp } from '../../fixtures/next-app.ts';
import { startSecondApp } from '../../fixtures/second-app.ts';

const stack = inject('stack');
let app: RunningApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

const WRONG = 'Wrong email or password.';
const THROTTLED = 'Too many attempts. Try again in';
const signIn = (headers: Record<string, string>) =>
  submitAuthForm(app!.url, '/login', { email: `proxied-${randomUUID().slice(0, 8)}@billing-starter.dev`, password: 'not-the-password' }, { headers });

describe('client address behind a proxy', () => {
  it('CLIENT_IP_HEADER=x-real-ip (Vercel): the header is the client, X-Forwarded-For is ignored', async () => {
    app = await startSecondApp(stack, { CLIENT_IP_HEADER: 'x-real-ip' });
    for (let i = 0; i < 10; i++) expect((await signIn({ 'x-real-ip': '198.51.100.7', 'x-forwarded-for': `203.0.113.${i}` })).text).toContain(WRONG);
    expect((await signIn({ 'x-real-ip': '198.51.100.7', 'x-forwarded-for': '203.0.113.200' })).text).toContain(THROTTLED);
    expect((await signIn({ 'x-real-ip': '198.51.100.8' })).text).toContain(WRONG);
  });

  it('CLIENT_IP_HEADER=x-forwarded-for, CLIENT_IP_HOPS=2: the address two from the right', async () => {
    app = await startSecondApp(stack, { CLIENT_IP_HEADER: 'x-forwarded-for', CLIENT_IP_HOPS: '2' });
    // What a client forges goes on the left; the two proxies append the client, then themselves.
    const via = (client: string, forged: string) => ({ 'x-forwarded-for': `${forged}, ${client}, 10.0.0.2` });
    for (let i = 0; i < 10; i++) expect((await signIn(via('198.51.100.9', `203.0.113.${i}`))).text).toContain(WRONG);
    expect((await signIn(via('198.51.100.9', '203.0.113.201'))).text).toContain(THROTTLED);
    expect((await signIn(via('198.51.100.10', '198.51.100.9'))).text).toContain(WRONG);
  });

  it('started without the preload and without CLIENT_IP_HEADER, the server refuses sign-ins rather than trust X-Forwarded-For', async () => {
    app = await startSecondApp(stack, {}, { nodeFlags: [] });
    const answer = await signIn({ 'x-forwarded-for': '203.0.113.5' });
    expect(answer.status).toBe(500);
    expect(answer.text).not.toContain(WRONG);
    expect(app.logs()).toContain('X-Forwarded-For cannot be trusted');
  });
});
