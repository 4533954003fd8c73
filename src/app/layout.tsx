import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header';
import { isSignedIn } from '@/lib/auth/session';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Polar × Supabase Billing', template: '%s · Polar × Supabase Billing' },
  description: 'Subscriptions for a Next.js + Supabase app, billed with Polar.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const signedIn = await isSignedIn();
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <SiteHeader signedIn={signedIn} />
        <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-10 sm:px-6">{children}</main>
        <footer className="border-t border-zinc-200 py-6 text-center text-sm text-zinc-500">
          Payments by Polar · Accounts by Supabase
        </footer>
      </body>
    </html>
  );
}
