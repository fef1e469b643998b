// Notification rendering (docs/decisions.md#emails): each notification is a Markdown template (greeting,
// body, signature) placed in the shared layout, rendered to HTML and to plain text.
import he from 'he';
import { Marked, type Tokens } from 'marked';
import type { Config } from '../config.ts';
import { isSafeUrl, withoutUnsafeUrls } from '../markdown.ts';

/** Markdown source of a notification, split as the original's `mails/notification.md` blocks. */
export interface MarkdownMessage {
  greeting?: string;
  body: string;
  signature?: string;
}

/** One kind of notification: its template, and example arguments for the commands (docs/decisions.md#emails). */
export interface NotificationTemplate<Args> {
  name: string;
  description: string;
  /** Without "[OSER] " (added by the outbox). */
  subject(args: Args): string;
  recipients(args: Args, config: Config): string[];
  markdown(args: Args, config: Config): MarkdownMessage;
  /** Unsaved fake data, as the original's `example()`. */
  example(config: Config): Args;
}

export interface RenderedEmail {
  notification: string;
  recipients: string[];
  subject: string;
  html: string;
  text: string;
}

const FOOTER = "Ceci est un e-mail automatique envoyé par le service de notifications d'OSER. Merci de ne pas y répondre.";

/**
 * Tagged template for Markdown with values from users or the database: every ASCII
 * punctuation character of an interpolated value is backslash-escaped, so a title cannot
 * inject Markdown or HTML (the original HTML-escaped its context values).
 */
export function md(strings: TemplateStringsArray, ...values: (string | number | null | undefined)[]): string {
  return strings.reduce((result, part, index) => result + escapeMarkdown(values[index - 1]) + part);
}

export function escapeMarkdown(value: string | number | null | undefined): string {
  return String(value ?? '').replace(/[!-/:-@[-`{-~]/g, (character) => `\\${character}`);
}

/** Quotes free text (e.g. a withdrawal reason) as a Markdown block quote, escaped. */
export function blockQuote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `> ${escapeMarkdown(line)}`)
    .join('\n');
}

/** docs/decisions.md#emails: dates as Django's `j F Y` in French, e.g. "30 décembre 2026". */
export function frenchDate(date: Date, timeZone = 'Europe/Paris'): string {
  return new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(date);
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  // Links and images only to http(s), mailto or relative URLs (platform/markdown.ts).
  walkTokens(token) {
    if ((token.type === 'link' || token.type === 'image') && !isSafeUrl((token as Tokens.Link | Tokens.Image).href)) token.href = '#';
  },
});

function layoutMarkdown(message: MarkdownMessage): string {
  return [message.greeting, message.body, message.signature, '---', FOOTER].filter(Boolean).join('\n\n');
}

/** Plain text from the HTML: tags stripped, links kept as "text (url)", entities decoded (B12). */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gis, (_match, href: string, label: string) =>
      label.replace(/<[^>]+>/g, '') === he.decode(href) ? href : `${label} (${href})`,
    )
    .replace(/<\/(p|ul|ol|blockquote|h[1-6])>/gi, '\n\n')
    .replace(/<li>/gi, '- ')
    .replace(/<hr\s*\/?>/gi, '---\n\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<blockquote>\s*/gi, '> ')
    .replace(/<[^>]+>/g, '');
  return he
    .decode(text)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function htmlDocument(subject: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>${he.escape(subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; line-height: 1.5; color: #222; max-width: 640px;">
${content}</body></html>
`;
}

export function renderNotification<Args>(template: NotificationTemplate<Args>, args: Args, config: Config): RenderedEmail {
  const subject = template.subject(args);
  const content = marked.parse(withoutUnsafeUrls(layoutMarkdown(template.markdown(args, config)))) as string;
  return {
    notification: template.name,
    recipients: template.recipients(args, config),
    subject,
    html: htmlDocument(`[OSER] ${subject}`, content),
    text: htmlToText(content),
  };
}

/** A notification whose arguments are hidden: what the commands list, render and send. */
export interface NotificationKind {
  name: string;
  description: string;
  /** The example instance (docs/decisions.md#emails), rendered. */
  renderExample(config: Config): RenderedEmail;
}

export function notificationKind<Args>(template: NotificationTemplate<Args>): NotificationKind {
  return {
    name: template.name,
    description: template.description,
    renderExample: (config) => renderNotification(template, template.example(config), config),
  };
}
