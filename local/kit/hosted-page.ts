// The frame of a stand-in's hosted page (checkout, portal): one HTML document with its own
// inline styles (offline and under Playwright: no external assets) and a banner saying no real
// payment is made. Each provider brings its look.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export function hostedPage(provider: string, css: string, title: string, body: Html, bannerClass: string): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · ${provider} (local stand-in)</title>
    <style>${raw(css)}</style>
  </head>
  <body>
    <main>
      ${body}
      <p class="${bannerClass}">Local ${provider} stand-in: no real payment is made.</p>
    </main>
  </body>
</html>`;
}

/** An amount in minor units as the pages show it: $9.00. */
export const formatMoney = (cents: number, currency: string): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);

/** A day as the pages show it, in UTC: January 1, 2027. */
export const formatDay = (at: Date): string => at.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
