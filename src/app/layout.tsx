import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { PastDueBanner } from '@/components/past-due-banner';
import { SiteHeader } from '@/components/site-header';
import { readPastDueNotice, type PastDueNotice } from '@/lib/billing/past-due';
import { logError } from '@/lib/log';
import { activePaymentAdapter } from '@/lib/payments';
import { requestSession } from '@/lib/supabase/request-session';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Polar × Supabase Billing', template: '%s · Polar × Supabase Billing' },
  description: 'Subscriptions for a Next.js + Supabase app, billed with Polar.',
};

/** Who is signed in, and whether their payment failed: a banner on every page says so. */
async function viewer(): Promise<{ signedIn: boolean; pastDue: PastDueNotice | null }> {
  const { supabase, session } = await requestSession();
  if (session.kind !== 'signed-in') return { signedIn: false, pastDue: null };
  // The banner must never cost the page: the dashboard reports a failing database itself.
  const pastDue = await readPastDueNotice(supabase, session.claims.sub).catch((error: unknown) => {
    logError('past-due banner', error);
    return null;
  });
  return { signedIn: true, pastDue };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { signedIn, pastDue } = await viewer();
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <SiteHeader signedIn={signedIn} />
        {pastDue ? <PastDueBanner notice={pastDue} provider={activePaymentAdapter().provider} /> : null}
        <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-10 sm:px-6">{children}</main>
        <footer className="border-t border-zinc-200 py-6 text-center text-sm text-zinc-500">
          Payments by {activePaymentAdapter().displayName} · Accounts by Supabase
        </footer>
      </body>
    </html>
  );
}
