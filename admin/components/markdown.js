// Markdown → HTML for the preview. Raw HTML blocks of the source are shown as text: the
// preview displays what the staff typed, never runs it.
import { marked } from 'marked';

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

marked.use({ renderer: { html: (token) => escape(token.text || token.raw || '') } });

export function renderMarkdown(source) {
  return marked.parse(source, { async: false, gfm: true, breaks: true });
}
