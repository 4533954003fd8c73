import { html } from 'hono/html';
import { formatDay, hostedPage, type Html } from '../../kit/hosted-page.ts';

export type { Html };

// Inline and tiny: the pages must work offline with no external assets.
const CSS = `
body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#f7f5ff;color:#1f1534}
main{max-width:30rem;margin:3rem auto;padding:0 1rem}
section{background:#fff;border-radius:10px;box-shadow:0 1px 3px #0002;padding:1.25rem;margin-bottom:1rem}
h1{font-size:1.3rem;margin:0 0 .75rem}
label{display:block;margin:.75rem 0 .25rem}
input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{font:inherit;margin-top:1rem;padding:.5rem 1rem;border:0;border-radius:6px;background:#7047eb;color:#fff;cursor:pointer}
.error{color:#c0262d}
.note{font-size:.8rem;color:#6b6180;text-align:center}
`;

export const lemonPage = (title: string, body: Html): Html => hostedPage('Lemon Squeezy', CSS, title, body, 'note');

export const messagePage = (title: string, message: string): Html => lemonPage(title, html`<section><h1>${title}</h1><p>${message}</p></section>`);

export const formatDate = (iso: string): string => formatDay(new Date(iso));
