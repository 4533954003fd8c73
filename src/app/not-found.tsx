import Link from 'next/link';

// The app's own 404: Next's default one styles itself inline, which the CSP refuses.
export default function NotFound() {
  return (
    <div className="mx-auto max-w-md space-y-4 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-zinc-600">There is nothing at this address.</p>
      <Link href="/" className="inline-block rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
        Go to the home page
      </Link>
    </div>
  );
}
