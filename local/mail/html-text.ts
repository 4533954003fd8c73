// The text Mailpit shows for an HTML-only message (GoTrue sends nothing else). Mailpit takes
// `Text` from enmime, which down-converts HTML with inbucket/html2text (a jaytaylor/html2text
// fork): headings underlined, paragraphs apart, a link as `label ( url )`. The `Snippet` is the
// HTML stripped to words (axllent/mailpit internal/tools/snippets.go). Close to both, not
// byte-for-byte: tests read links and words from it, never its exact layout.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'", '#34': '"' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const stripTags = (html: string) => html.replace(/<[^>]*>/g, ' ');

/** enmime's Text for an HTML body. */
export function htmlToText(html: string): string {
  let body = html.replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, '');
  body = body.replace(/<a\b[^>]*?href\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a>/gi, (_, _q, href: string, label: string) => {
    const url = decodeEntities(href);
    const text = squash(decodeEntities(stripTags(label)));
    return text && text !== url ? `${text} ( ${url} )` : url;
  });
  body = body.replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi, (_, level: string, inner: string) => {
    const title = squash(decodeEntities(stripTags(inner)));
    const line = (level === '1' ? '*' : '-').repeat(title.length);
    return `\n\n${line}\n${title}\n${line}\n\n`;
  });
  body = body.replace(/<br\s*\/?>/gi, '\n').replace(/<\/?(p|div|tr|table|ul|ol|li)\b[^>]*>/gi, '\n\n');
  const text = decodeEntities(stripTags(body));
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Mailpit's Snippet: the HTML's words, at most 200 characters plus "...". */
export function snippetOf(html: string): string {
  const words = squash(decodeEntities(stripTags(html.replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, ''))));
  return words.length <= 200 ? words : `${words.slice(0, 200)}...`;
}
