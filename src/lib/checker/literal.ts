import type { Language, PlainValue } from '../runner/protocol.ts';

const pythonString = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
const javascriptKey = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : pythonString(key));

/**
 * A value written as the learner's language writes it: `{'name': 'Alice'}` and `None` in
 * Python, `{ name: 'Alice' }` and `null` in JavaScript. Used for feedback and to write a
 * variant's data into the learner's program, so it must be valid source in both languages.
 */
export function toLiteral(value: PlainValue, language: Language): string {
  const python = language === 'python';
  if (value === null) return python ? 'None' : 'null';
  if (typeof value === 'boolean') return python ? (value ? 'True' : 'False') : String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : python ? `float('${value}')` : String(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map((item) => toLiteral(item, language)).join(', ')}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return python
    ? `{${entries.map(([key, item]) => `${pythonString(key)}: ${toLiteral(item, language)}`).join(', ')}}`
    : `{ ${entries.map(([key, item]) => `${javascriptKey(key)}: ${toLiteral(item, language)}`).join(', ')} }`;
}

/** A literal short enough for one line of feedback. */
export function shortLiteral(value: PlainValue, language: Language, limit = 60): string {
  const text = toLiteral(value, language);
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** Source that sets `name` to `value` as a new top-level name of a notebook cell. */
export const assignment = (name: string, value: PlainValue, language: Language): string =>
  `${language === 'python' ? '' : 'const '}${name} = ${toLiteral(value, language)}${language === 'python' ? '' : ';'}`;
