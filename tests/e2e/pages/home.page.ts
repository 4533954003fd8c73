import type { Page } from '@playwright/test';

export class HomePage {
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  readonly pricing = () => this.page.getByRole('region', { name: 'Pricing' });

  async open() {
    await this.page.goto('/');
  }

  async subscribeTo(planName: string) {
    await this.pricing().getByRole('link', { name: `Subscribe to ${planName}` }).click();
  }

  async signOut() {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await this.page.waitForURL('/');
  }
}
