// Stored Markdown as the API sends it (docs/api.md#documents), and the rule for the URLs of its links and
// images, shared by the e-mails (mail/render.ts) and, restated in the browser, by the panel
// (admin/components/markdown.js). Stored content is never modified.
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * http(s), mailto or relative: the only URLs a link or an image may have (no `javascript:`,
 * `data:`, `vbscript:`…). Backslash escapes are read as Markdown reads them, the whitespace and
 * control characters browsers skip inside a scheme are ignored, and an `&` before the path
 * is refused: an entity (`&colon;`, `&#106;`) could spell a scheme once decoded.
 */
export function isSafeUrl(url: string): boolean {
  const compact = url.replace(/\\(?=[!-/:-@[-`{-~])/g, '').replace(/[\p{Cc} ]/gu, '');
  const head = compact.split(/[/?#]/, 1)[0] ?? '';
  if (head.includes('&')) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(head)?.[1];
  return scheme === undefined || ALLOWED_SCHEMES.has(scheme.toLowerCase());
}

const unwrap = (destination: string) => destination.replace(/^<(.*)>$/s, '$1');
const INLINE_DESTINATION = /(\]\(\s*)(<[^>\n]*>|[^\s)]+)/g;
const REFERENCE_DEFINITION = /^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)/gm;
const AUTOLINK = /<([a-z][a-z0-9+.-]{1,31}:[^<>\s]*)>/gi;
const HTML_URL_ATTRIBUTE = /(\s(?:href|src|xlink:href|action|formaction|srcset|poster)\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)/gi;
const IMAGE = /!\[(.*?)\]\((.*?)\)/g;

/** Links and images whose URL is not safe point to `#`; an unsafe autolink becomes plain text. */
export function withoutUnsafeUrls(markdown: string): string {
  return markdown
    .replace(INLINE_DESTINATION, (whole, before: string, destination: string) => (isSafeUrl(unwrap(destination)) ? whole : `${before}#`))
    .replace(REFERENCE_DEFINITION, (whole, before: string, destination: string) => (isSafeUrl(unwrap(destination)) ? whole : `${before}#`))
    .replace(AUTOLINK, (whole, url: string) => (isSafeUrl(url) ? whole : url))
    .replace(HTML_URL_ATTRIBUTE, (whole, before: string, value: string) =>
      isSafeUrl(value.replace(/^["']|["']$/g, '')) ? whole : `${before}"#"`,
    );
}

/**
 * Markdown in API output: unsafe URLs removed, and `![legend](path)` whose path does not start
 * with http gets `<scheme>://<host>` in front; a relative path gets the missing "/" (docs/decisions.md#bug-fixes, B19).
 */
export function markdownForApi(markdown: string, origin: string): string {
  return withoutUnsafeUrls(markdown).replace(IMAGE, (whole, legend: string, path: string) => {
    if (path.startsWith('http')) return whole;
    return `![${legend}](${origin}${path.startsWith('/') ? '' : '/'}${path})`;
  });
}
