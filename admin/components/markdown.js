// Markdown → HTML for the preview and the show pages. Raw HTML of the source is shown as text
// and links and images keep safe URLs only: what the staff typed is displayed, never run.
import { marked } from 'marked';

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Links and images only to http(s), mailto or relative URLs: the rule of
// server/platform/markdown.ts (isSafeUrl), here on URLs marked has already unescaped.
const isSafeUrl = (url) => {
  const head =
    String(url)
      .replace(/[\p{Cc} ]/gu, '')
      .split(/[/?#]/, 1)[0] || '';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(head);
  return !head.includes('&') && (!scheme || ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase()));
};

marked.use({
  renderer: { html: (token) => escape(token.text || token.raw || '') },
  walkTokens(token) {
    if ((token.type === 'link' || token.type === 'image') && !isSafeUrl(token.href)) token.href = '#';
  },
});

export function renderMarkdown(source) {
  return marked.parse(source, { async: false, gfm: true, breaks: true });
}
