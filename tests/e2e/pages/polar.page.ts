import type { Page } from '@playwright/test';

/** The Polar stand-in's hosted pages, as a customer sees them. */
export class PolarCheckoutPage {
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async pay() {
    await this.page.getByRole('button', { name: 'Pay' }).click();
  }
}

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
