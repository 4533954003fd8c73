import type { Page } from '@playwright/test';

/** The sign-in and sign-up pages (same form, two modes). */
export class AuthPage {
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  readonly email = () => this.page.getByLabel('Email');
  readonly password = () => this.page.getByLabel('Password');
  readonly error = () => this.page.locator('form').getByRole('alert');
  readonly notice = () => this.page.locator('form').getByRole('status');

  async signUp(email: string, password: string) {
    await this.page.goto('/signup');
    await this.fill(email, password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }

  async signIn(email: string, password: string, path = '/login') {
    await this.page.goto(path);
    await this.fill(email, password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  private async fill(email: string, password: string) {
    await this.email().fill(email);
    await this.password().fill(password);
  }
}
