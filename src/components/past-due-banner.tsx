import { ManageBillingButton } from '@/components/manage-billing-button';
import { formatDate } from '@/lib/billing/display';
import type { PastDueNotice } from '@/lib/billing/past-due';
import type { PaymentProvider } from '@/lib/payments/types';

/** On every page while the subscription's last payment has failed: until when access holds, and the way out. */
export function PastDueBanner({ notice, provider }: { notice: PastDueNotice; provider: PaymentProvider }) {
  const until = formatDate(notice.accessUntil);
  return (
    <section aria-labelledby="past-due-heading" className="border-b border-amber-300 bg-amber-50 text-amber-950">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-4 sm:px-6">
        <div className="space-y-1">
          <h2 id="past-due-heading" className="font-semibold">Your last payment failed</h2>
          <p className="text-sm" data-testid="past-due-access">
            {notice.accessHeld
              ? until
                ? `You keep access until ${until} while the payment is retried. Update your payment method to keep your plan.`
                : 'You keep access for now while the payment is retried. Update your payment method to keep your plan.'
              : "Your plan's features are paused until the payment goes through. Update your payment method to get them back."}
          </p>
        </div>
        <ManageBillingButton provider={provider} label="Update payment method" />
      </div>
    </section>
  );
}
