import Link from 'next/link';
import { signOut } from '@/lib/auth/actions';

export function SiteHeader({ signedIn }: { signedIn: boolean }) {
  return (
    <header className="border-b border-zinc-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold tracking-tight">Polar × Supabase</Link>
        <div className="flex items-center gap-4 text-sm font-medium">
          <Link href="/#pricing" className="text-zinc-600 hover:text-zinc-900">Pricing</Link>
          {signedIn ? (
            <>
              <Link href="/dashboard" className="text-zinc-600 hover:text-zinc-900">Dashboard</Link>
              <form action={signOut}>
                <button type="submit" className="rounded-lg border border-zinc-300 px-3 py-1.5 hover:bg-zinc-100">Sign out</button>
              </form>
            </>
          ) : (
            <>
              <Link href="/login" className="text-zinc-600 hover:text-zinc-900">Sign in</Link>
              <Link href="/signup" className="rounded-lg bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700">Sign up</Link>
            </>
          )}
        </div>
      </nav>
    </header>
  );
}
