export default function HomePage() {
  return (
    <main>
      <h1>Polar × Supabase Billing</h1>
      <p>
        Subscriptions for a Next.js and Supabase app, billed with Polar: checkout, a customer portal,
        and webhooks that keep each user&apos;s plan in the database.
      </p>
    </main>
  );
}
