import type { Page } from '@playwright/test';

/** A stand-in's hosted checkout (Polar's, Stripe's, Lemon Squeezy's), as a customer sees it. */
export class HostedCheckoutPage {
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async pay() {
    await this.page.getByRole('button', { name: 'Pay' }).click();
  }
}

/** The Polar stand-in's hosted pages, as a customer sees them. */
export { HostedCheckoutPage as PolarCheckoutPage };

export class PolarPortalPage {
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async cancelSubscription() {
    await this.page.getByRole('button', { name: /Cancel subscription/ }).click();
  }

  async returnToApp() {
    await this.page.getByRole('link', { name: /Return to app/ }).click();
  }
}
