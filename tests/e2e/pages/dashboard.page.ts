import type { Page } from '@playwright/test';

export class DashboardPage {
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  readonly heading = () => this.page.getByRole('heading', { name: 'Dashboard' });
  readonly planName = () => this.page.getByTestId('plan-name');
  readonly status = () => this.page.getByTestId('status-badge');
  readonly timing = () => this.page.getByTestId('plan-timing');
  readonly manageBilling = () => this.page.getByRole('button', { name: /Manage billing|Opening billing/ });
  readonly billingMessage = () => this.page.getByRole('region', { name: 'Your plan' }).getByRole('alert');
  readonly pending = () => this.page.getByTestId('plan-pending');
  readonly trialTerms = () => this.page.getByTestId('trial-terms');
  /** The banner every signed-in page shows while a payment has failed. */
  readonly pastDueBanner = () => this.page.getByRole('region', { name: 'Your last payment failed' });
  /** What a confirmed subscription action announces. */
  readonly announcement = () => this.page.getByRole('region', { name: 'Your plan' }).getByRole('status').filter({ hasText: /\S/ });

  /** Presses an action's button and returns its confirmation dialog. */
  async action(label: string, dialogTitle: string) {
    await this.page.getByRole('button', { name: label, exact: true }).click();
    return this.page.getByRole('dialog', { name: dialogTitle });
  }

  async open() {
    await this.page.goto('/dashboard');
  }
}
