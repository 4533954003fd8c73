'use client';

// Next requires error boundaries to be client components. No details of the failure are shown:
// they stay in the server log.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-md space-y-4 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-zinc-600">This page could not be loaded right now. Please try again in a moment.</p>
      <button type="button" onClick={reset} className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
        Try again
      </button>
    </div>
  );
}
