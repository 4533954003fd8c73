import type { Page } from '@playwright/test';

export class HomePage {
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  readonly pricing = () => this.page.getByRole('region', { name: 'Pricing' });
  /** A plan's card (a list item named by its heading). */
  readonly plan = (name: string) => this.pricing().getByRole('listitem', { name, exact: true });

  async open() {
    await this.page.goto('/');
  }

  async subscribeTo(planName: string) {
    await this.pricing().getByRole('link', { name: `Subscribe to ${planName}` }).click();
  }

  /** Opens the confirmation of a switch to `planName`; returns the dialog. */
  async switchTo(planName: string) {
    await this.plan(planName).getByRole('button', { name: `Switch to ${planName}` }).click();
    return this.page.getByRole('dialog', { name: `Switch to ${planName}?` });
  }

  async signOut() {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await this.page.waitForURL('/');
  }
}
