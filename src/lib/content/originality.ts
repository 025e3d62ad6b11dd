/**
 * How much of a page's wording is borrowed from a source text: the longest run of consecutive
 * words the two share. Our content rule is that students read our own words, so no run may be
 * longer than {@link MAX_SHARED_RUN} words, apart from names and exact exercise data.
 */

export const MAX_SHARED_RUN = 7;

/**
 * The words of a text, lower-cased, with punctuation dropped, so that "Sales," and "sales"
 * match. Apostrophes and hyphens inside a word stay ("don't", "e-mail"). Each text block
 * (`\n` here) starts a new run, so words at the end of one paragraph and the start of the
 * next never count as one copied phrase.
 */
export function words(text: string): string[][] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/\n+/)
    .map((block) => block.match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu) ?? [])
    .filter((block) => block.length > 0);
}

export interface SharedRun {
  length: number;
  /** The shared words themselves, to show where the copy is. */
  text: string;
}

/**
 * The longest run of consecutive words that `page` and `source` share (both split into blocks
 * by {@link words}). Dynamic programming over word ids, one row at a time: O(n·m) time, O(m) memory,
 * a few milliseconds for pages and seeds of a few thousand words.
 */
export function longestSharedRun(page: string, source: string): SharedRun {
  const ids = new Map<string, number>();
  // Block ends become -1 (page) and -2 (source), which never match anything.
  const encode = (blocks: string[][], gap: number) =>
    Int32Array.from(blocks.flatMap((block) => [...block.map((word) => ids.get(word) ?? ids.set(word, ids.size).get(word)!), gap]));
  const pageWords = words(page);
  const a = encode(pageWords, -1);
  const b = encode(words(source), -2);
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  let best = 0;
  let bestEnd = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const run = a[i] === b[j] ? previous[j]! + 1 : 0;
      current[j + 1] = run;
      if (run > best) {
        best = run;
        bestEnd = i + 1;
      }
    }
    [previous, current] = [current, previous];
  }
  const flat = pageWords.flatMap((block) => [...block, '']);
  return { length: best, text: flat.slice(bestEnd - best, bestEnd).join(' ') };
}

/**
 * Removes the phrases a page may share with a seed (names, exact exercise data) before
 * comparing: each is cut out and leaves a block break, so the words around it count apart.
 */
export function withoutAllowed(text: string, allowed: readonly string[]): string {
  let result = text;
  for (const phrase of allowed) {
    const pattern = phrase
      .trim()
      .split(/\s+/)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^\\p{L}\\p{N}]+');
    result = result.replace(new RegExp(pattern, 'giu'), '\n');
  }
  return result;
}

/** The text a reader sees on a built HTML page: no scripts, styles, SVG code or tags; block elements end a line. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style|svg|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?(p|div|li|ol|ul|h[1-6]|tr|td|th|table|section|article|header|footer|nav|main|pre|blockquote|br|hr|button|label|legend|fieldset|option|select|textarea|summary|details|dt|dd|figcaption|title)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;|&apos;|&#x27;/g, "'");
}
