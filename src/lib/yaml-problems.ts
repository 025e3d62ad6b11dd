/**
 * YAML syntax errors in words an author can act on, at the line to fix. The parser's own
 * messages name its grammar ("implicit keys", "flow sequence") and, for a quote or bracket
 * left open, the line where it gave up (often the end of the file) rather than the opening.
 */
import type { YAMLParseError } from 'yaml';

/** The line (1-based) where a quote or bracket opens and is not closed on that line. */
function unclosedOpening(text: string, before: number, opener: RegExp): number | undefined {
  const lines = text.split(/\r?\n/).slice(0, before);
  const index = lines.findIndex((line) => opener.test(line));
  return index === -1 ? undefined : index + 1;
}

const UNCLOSED_QUOTE = /(?:^|[:\-[,{]\s*)(["'])(?:(?!\1).)*$/;
const UNCLOSED_BRACKET = /:\s*[[{][^\]}]*$/;

export function describeYamlError(error: YAMLParseError, text: string): { line: number | undefined; reason: string } {
  const reported = error.linePos?.[0].line;
  const plain = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (error.code) {
    case 'MISSING_CHAR':
      if (/quote/.test(plain)) {
        return { line: unclosedOpening(text, reported ?? Infinity, UNCLOSED_QUOTE) ?? reported, reason: 'a quoted text is opened here but its closing quote is missing' };
      }
      return { line: reported, reason: 'a list item here is missing its "- " or is indented wrongly' };
    case 'BAD_INDENT':
      if (/Flow (sequence|mapping)/.test(plain)) {
        return { line: unclosedOpening(text, reported ?? Infinity, UNCLOSED_BRACKET) ?? reported, reason: 'a [ or { opened here is never closed' };
      }
      return { line: reported, reason: 'this line is not indented like the lines it belongs with' };
    case 'TAB_AS_INDENT':
      return { line: reported, reason: 'this line is indented with a tab; YAML needs spaces' };
    case 'DUPLICATE_KEY':
      return { line: reported, reason: 'this field is given twice in the same block' };
    case 'MULTILINE_IMPLICIT_KEY':
      return { line: reported, reason: 'this line has no "field: value" shape; is a colon missing, or should it be indented under the line above?' };
    case 'BLOCK_AS_IMPLICIT_KEY':
      return { line: reported, reason: 'this value holds ": ", which YAML reads as a new field; put the value in quotes' };
    default:
      return { line: reported, reason: `YAML cannot read this line (${plain})` };
  }
}
