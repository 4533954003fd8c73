import { html } from 'hono/html';
import { formatDay, formatMoney, hostedPage, type Html } from '../../kit/hosted-page.ts';

export type { Html };

// Inline and tiny: the pages must work offline and under Playwright with no external assets.
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f4f6;color:#18181b}
main{max-width:32rem;margin:3rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #e4e4e7;border-radius:12px;padding:1.5rem;margin-bottom:1rem}
h1{font-size:1.4rem;margin:0 0 1rem}
h2{font-size:1.1rem;margin:0}
.muted{color:#52525b;font-size:.9rem}
.price{font-size:1.6rem;font-weight:600}
.badge{display:inline-block;font-size:.8rem;padding:.1rem .5rem;border-radius:999px;background:#e4e4e7}
.badge.active{background:#dcfce7;color:#166534}
.badge.canceled{background:#fee2e2;color:#991b1b}
label{display:block;font-weight:500;margin:1rem 0 .25rem}
input[type=email]{width:100%;padding:.6rem;border:1px solid #a1a1aa;border-radius:8px;font:inherit}
fieldset{border:0;padding:0;margin:1rem 0 0}
.row{display:flex;gap:.5rem;flex-wrap:wrap;margin-top:1rem}
button{font:inherit;padding:.6rem 1.2rem;border-radius:8px;border:1px solid #18181b;background:#18181b;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#18181b}
button.danger{background:#fff;color:#b91c1c;border-color:#b91c1c}
button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #6366f1;outline-offset:2px}
.error{color:#b91c1c}
.banner{font-size:.8rem;text-align:center;color:#52525b;margin-top:1rem}
`;

export const layout = (title: string, body: Html): Html => hostedPage('Polar', CSS, title, body, 'banner');

export function messagePage(title: string, message: string): Html {
  return layout(title, html`<div class="card"><h1>${title}</h1><p>${message}</p></div>`);
}

export { formatMoney };

export const formatDate = (iso: string): string => formatDay(new Date(iso));
