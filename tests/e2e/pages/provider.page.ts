import type { Page } from '@playwright/test';

/** The Stripe and Lemon Squeezy stand-ins' customer portals, as a customer sees them. */
export class ProviderPortalPage {
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  readonly subscription = (planName: string) => this.page.getByRole('region', { name: `${planName} subscription` });

  async cancel(planName: string) {
    await this.subscription(planName).getByRole('button', { name: 'Cancel subscription' }).click();
  }

  /** Stripe's portal links back to the return URL; Lemon Squeezy's has no way back. */
  async returnToApp() {
    await this.page.getByRole('link', { name: 'Return to app' }).click();
  }
}
