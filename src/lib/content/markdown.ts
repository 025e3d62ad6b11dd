import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * The HTML a text block may keep: what Markdown itself writes (paragraphs, emphasis, code,
 * lists, tables, links, images) and nothing that runs. marked passes raw HTML through, so an
 * exercise or quiz file could otherwise put a `<script>` or an `onerror=` on every page that
 * embeds it; hints even reach the page through `innerHTML`.
 */
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'kbd', 'sub', 'sup',
    'ul', 'ol', 'li', 'a', 'img', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
    'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
  },
  allowedClasses: { code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Relative links and images (`../intro/`, `/images/x.png`) stay; `javascript:` and `data:` do not.
  allowProtocolRelative: false,
};

/** Markdown from an exercise or quiz file as HTML that is safe to put in a page. */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false }), ALLOWED);
}

/** One line of Markdown (no paragraph around it), as safe HTML. */
export function renderInlineMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parseInline(markdown, { async: false }), ALLOWED);
}
