// Which stored files the database references (docs/decisions.md#media-cleanup): file columns hold keys; Markdown
// columns reference files by URL or path. Pure functions, used by the cleanup job.
import path from 'node:path';

// `[text](target)` and `![text](target)`, optional title; raw HTML `src="…"` / `href="…"`.
const MARKDOWN_LINK = /!?\[[^\]]*?\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const HTML_ATTRIBUTE = /\b(?:src|href)\s*=\s*["']([^"']+)["']/gi;

/** Every link and image target of a Markdown text, in order, raw. */
export function markdownTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const match of markdown.matchAll(MARKDOWN_LINK)) if (match[1]) targets.push(match[1]);
  for (const match of markdown.matchAll(HTML_ATTRIBUTE)) if (match[1]) targets.push(match[1]);
  return targets;
}

/** The original's extraction: the last path segment of each target (tests/test_markdown.py). */
export function referenceBasenames(markdown: string): string[] {
  return markdownTargets(markdown)
    .map(
      (target) =>
        target
          .replace(/[?#].*$/, '')
          .replace(/\/+$/, '')
          .split('/')
          .pop() ?? '',
    )
    .filter(Boolean);
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The storage key a target points at, or null: scheme and host dropped (local URLs, S3
 * public or presigned URLs), query and fragment dropped, URL-decoded, the media prefix
 * (`/media/`, or `<bucket>/media/` for path-style S3 URLs) removed. A relative path
 * without the prefix (`markdownx/a.png`) is taken as a key too: keeping a file too many is
 * safe, deleting one too many is not.
 */
export function targetToKey(target: string): string | null {
  let value = target.trim().replace(/[?#].*$/, '');
  const absolute = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*(\/.*)?$/i.exec(value);
  if (absolute) value = absolute[1] ?? '';
  else if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return null; // mailto:, data:, …
  value = decode(value).replace(/^\/+/, '');
  const media = value.startsWith('media/') ? 0 : value.indexOf('/media/') + 1;
  if (value.startsWith('media/') || media > 0) value = value.slice(media + 'media/'.length);
  const key = path.posix.normalize(value).replace(/^(\.\/)+/, '');
  return key && key !== '.' && !key.startsWith('../') ? key : null;
}

export interface MediaReferences {
  /** Full keys referenced by file columns and Markdown targets. */
  keys: Set<string>;
  /** Last segments of Markdown targets: the original's match, kept for root files only. */
  basenames: Set<string>;
}

export function collectReferences(input: { files: (string | null | undefined)[]; markdown: string[] }): MediaReferences {
  const keys = new Set<string>();
  const basenames = new Set<string>();
  for (const file of input.files) if (file) keys.add(file);
  for (const text of input.markdown) {
    for (const target of markdownTargets(text)) {
      const key = targetToKey(target);
      if (key) keys.add(key);
    }
    for (const name of referenceBasenames(text)) basenames.add(decode(name));
  }
  return { keys, basenames };
}

/** docs/decisions.md#media-cleanup rewrite: full-path comparison; the basename fallback only for files at the root. */
export function isReferenced(key: string, references: MediaReferences): boolean {
  return references.keys.has(key) || (!key.includes('/') && references.basenames.has(key));
}
