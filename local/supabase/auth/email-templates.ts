// The mail GoTrue v2.19x sends (supabase/auth internal/mailer/templatemailer/templatemailer.go:
// default subjects and bodies, getPath, encodeRedirectURL) and how html/template fills in a
// template's `{{ .Name }}` fields: HTML-escaped, and query-escaped inside a URL's query.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EmailLinks } from './settings.ts';

export interface EmailTemplate {
  subject: string;
  body: string;
}

export const DEFAULT_CONFIRMATION: EmailTemplate = {
  subject: 'Confirm your email address',
  body: `<h2>Confirm your email address</h2>

<p>Follow the link below to confirm this email address and finish signing up.</p>
<p><a href="{{ .ConfirmationURL }}">Confirm email address</a></p>
`,
};

export const DEFAULT_RECOVERY: EmailTemplate = {
  subject: 'Reset your password',
  body: `<h2>Reset your password</h2>

<p>We received a request to reset your password. Follow the link below to choose a new one.</p>
<p><a href="{{ .ConfirmationURL }}">Reset password</a></p>
<p>If you didn't request this, you can safely ignore this email.</p>`,
};

/** The template to paste into a hosted project for links straight to /auth/confirm (see README). */
export const TOKEN_HASH_TEMPLATE_FILE = path.resolve(import.meta.dirname, '../../../supabase/templates/confirmation-token-hash.html');

/** `verify` is GoTrue's default unless config.toml names its own confirmation template. */
export function confirmationTemplate(links: EmailLinks, configured: string | undefined): EmailTemplate {
  const file = links === 'token_hash' ? TOKEN_HASH_TEMPLATE_FILE : configured;
  return file ? { subject: DEFAULT_CONFIRMATION.subject, body: readFileSync(file, 'utf8') } : DEFAULT_CONFIRMATION;
}

/** getPath: `<verify URL>?token=…&type=…&redirect_to=…`, the referrer escaped only if it holds & = or #. */
export function verifyLink(verifyUrl: string, token: string, type: string, redirectTo: string): string {
  const redirect = /[&=#]/.test(redirectTo) ? goQueryEscape(redirectTo) : redirectTo;
  return `${verifyUrl}?token=${goQueryEscape(token)}&type=${goQueryEscape(type)}&redirect_to=${redirect}`;
}

/** Go's url.QueryEscape: unreserved characters stay, a space becomes '+'. */
export function goQueryEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

const htmlEscape = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[ch]!);

/** Fills `{{ .Name }}` fields; other template actions are refused rather than guessed at. */
export function renderTemplate(template: string, data: Record<string, string>): string {
  const unsupported = /\{\{(?!\s*\.\w+\s*\}\})/.exec(template);
  if (unsupported) throw new Error(`email template: only {{ .Name }} fields are supported by the stand-in, not "${template.slice(unsupported.index, unsupported.index + 30)}"`);
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, name: string, offset: number) => {
    const value = data[name];
    if (value === undefined) throw new Error(`email template: unknown field .${name}`);
    // Inside a double-quoted attribute whose value already has a '?': a query parameter.
    const attribute = /=\s*"([^"]*)$/.exec(template.slice(0, offset));
    return htmlEscape(attribute?.[1]?.includes('?') ? goQueryEscape(value) : value);
  });
}
