import type { Page } from '@playwright/test';

/** The gated example: Pro notes. */
export class ProNotesPage {
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  readonly heading = () => this.page.getByRole('heading', { name: 'Pro notes' });
  readonly upgradeLink = () => this.page.getByRole('link', { name: 'See the Pro plan' });
  readonly notes = () => this.page.getByRole('list', { name: 'Your notes' }).getByRole('listitem');

  async open() {
    await this.page.goto('/pro');
  }

  async addNote(text: string) {
    await this.page.getByLabel('New note').fill(text);
    await this.page.getByRole('button', { name: 'Add note' }).click();
  }
}
