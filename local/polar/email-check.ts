// Polar checks a checkout's customer_email like this (server/polar/kit/email.py EmailStrDNS:
// email-validator's syntax check, then its DNS deliverability check, in sandbox as in
// production). Offline there is no DNS, so the deliverability half knows the domains that are
// certain to fail: the RFC 2606 example domains publish a null MX ("does not accept email"),
// and their subdomains do not exist. Any other domain passes, as an unknown one would at Polar.
import type { ValidationIssue } from './errors.ts';

// email-validator 2.3.0 SPECIAL_USE_DOMAIN_NAMES: refused by the syntax check itself.
const SPECIAL_USE = ['arpa', 'invalid', 'local', 'localhost', 'onion', 'test'];
const NULL_MX = new Set(['example.com', 'example.net', 'example.org']);

export type EmailCheck = { ok: true; email: string } | { ok: false; msg: string; reason: string };

function syntaxProblem(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 0) return 'An email address must have an @-sign.';
  if (at === 0) return 'There must be something before the @-sign.';
  const domain = email.slice(at + 1);
  if (!domain) return 'There must be something after the @-sign.';
  if (/\s/.test(email)) return 'The email address contains invalid characters.';
  if (!domain.includes('.')) return 'The part after the @-sign is not valid. It should have a period.';
  const labels = domain.toLowerCase().split('.');
  if (labels.some((label) => label === '')) return 'An email address cannot have two periods in a row.';
  if (SPECIAL_USE.includes(labels.at(-1)!)) return 'The part after the @-sign is a special-use or reserved name that cannot be used with email.';
  return null;
}

function deliverabilityProblem(domain: string): string | null {
  if (NULL_MX.has(domain)) return `The domain name ${domain} does not accept email.`;
  if ([...NULL_MX].some((reserved) => domain.endsWith(`.${reserved}`))) return `The domain name ${domain} does not exist.`;
  return null;
}

export function checkCustomerEmail(raw: string): EmailCheck {
  const syntax = syntaxProblem(raw);
  if (syntax) return { ok: false, msg: `value is not a valid email address: ${syntax}`, reason: syntax };
  const at = raw.lastIndexOf('@');
  // email-validator lower-cases the domain and keeps the local part as typed.
  const email = `${raw.slice(0, at)}@${raw.slice(at + 1).toLowerCase()}`;
  const dns = deliverabilityProblem(raw.slice(at + 1).toLowerCase());
  if (dns) return { ok: false, msg: `${raw} is not a valid email address: ${dns}`, reason: dns };
  return { ok: true, email };
}

/** The 422 detail item for a refused customer_email at `loc`. */
export function emailIssue(loc: Array<string | number>, input: string, check: Extract<EmailCheck, { ok: false }>): ValidationIssue {
  return { type: 'value_error', loc, msg: check.msg, input, ctx: { email: input, reason: check.reason } };
}
