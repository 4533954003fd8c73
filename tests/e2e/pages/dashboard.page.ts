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

  async open() {
    await this.page.goto('/dashboard');
  }
}
