/**
 * Writes a traced value the way the student's language writes it (a Python dict reads
 * `{'Books': ['Alice']}`), compact enough for a table cell: on one line when it fits, else one
 * item per line, nested and indented; long lists, deep nesting and long strings are folded
 * with a note of what was left out.
 */
import type { Language, PlainValue } from '../runner/protocol.ts';

export interface FormatOptions {
  /** Characters a line may take before the value is spread over several lines. */
  width: number;
  /** Items of one list or dict shown before the rest is folded. */
  items: number;
  /** Levels of nesting shown before deeper ones are folded. */
  depth: number;
  /** Characters of a string shown before it is cut. */
  stringChars: number;
}

export const DEFAULT_FORMAT: FormatOptions = { width: 48, items: 8, depth: 4, stringChars: 60 };

const INDENT = '  ';

export function formatValue(value: PlainValue, language: Language, options: FormatOptions = DEFAULT_FORMAT): string {
  return layout(value, language, options, 0, options.width);
}

function layout(value: PlainValue, language: Language, options: FormatOptions, depth: number, width: number): string {
  const flat = oneLine(value, language, options, depth);
  if (flat.length <= width || typeof value !== 'object' || value === null) return flat;
  const [open, close, items, more] = parts(value, language, options);
  const lines = items.map(([key, item]) => {
    const text = layout(item, language, options, depth + 1, width - INDENT.length - (key?.length ?? 0));
    return INDENT + (key ?? '') + text.replaceAll('\n', `\n${INDENT}`) + ',';
  });
  if (more) lines.push(`${INDENT}${more}`);
  return [open, ...lines, close].join('\n');
}

function oneLine(value: PlainValue, language: Language, options: FormatOptions, depth: number): string {
  if (value === null) return language === 'python' ? 'None' : 'null';
  if (typeof value === 'boolean') return language === 'python' ? (value ? 'True' : 'False') : String(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return quote(value, language, options.stringChars);
  const [open, close, items, more] = parts(value, language, options);
  if (items.length === 0 && !more) return open + close;
  if (depth >= options.depth) return `${open}…${close}`;
  const texts = items.map(([key, item]) => (key ?? '') + oneLine(item, language, options, depth + 1));
  if (more) texts.push(more);
  return `${open}${texts.join(', ')}${close}`;
}

/** The brackets, the shown items (with their `key: ` for a dict) and the note for folded ones. */
function parts(value: PlainValue[] | { [key: string]: PlainValue }, language: Language, options: FormatOptions): [string, string, [string | undefined, PlainValue][], string] {
  const all: [string | undefined, PlainValue][] = Array.isArray(value)
    ? value.map((item) => [undefined, item])
    : Object.entries(value).map(([key, item]) => [`${quote(key, language, options.stringChars)}: `, item]);
  const folded = all.length - options.items;
  const more = folded > 0 ? `… ${folded} more` : '';
  return [Array.isArray(value) ? '[' : '{', Array.isArray(value) ? ']' : '}', folded > 0 ? all.slice(0, options.items) : all, more];
}

/** A string literal as the language prints it: Python's repr prefers single quotes. */
function quote(text: string, language: Language, limit: number): string {
  const shown = text.length > limit ? `${text.slice(0, limit)}…` : text;
  if (language === 'javascript') return JSON.stringify(shown);
  const mark = shown.includes("'") && !shown.includes('"') ? '"' : "'";
  const escaped = shown.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
  return mark + (mark === "'" ? escaped.replace(/'/g, "\\'") : escaped) + mark;
}
