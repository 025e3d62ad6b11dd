import type { Language, PlainValue } from '../runner/protocol.ts';
import { shortLiteral } from './literal.ts';

/** Type names as each language's learners know them. */
const TYPE_WORDS: Record<Language, { list: string; dict: string; str: string; bool: string; null: string }> = {
  python: { list: 'list', dict: 'dict', str: 'str', bool: 'bool', null: 'None' },
  javascript: { list: 'array', dict: 'object', str: 'string', bool: 'boolean', null: 'null' },
};

export const withArticle = (word: string): string => (word === 'None' || word === 'null' ? word : `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`);

/** The type of a value in the words of the learner's language: "a list", "an object", "None". */
export function describeType(value: PlainValue, language: Language): string {
  const words = TYPE_WORDS[language];
  if (value === null) return words.null;
  if (Array.isArray(value)) return withArticle(words.list);
  if (typeof value === 'object') return withArticle(words.dict);
  if (typeof value === 'string') return withArticle(words.str);
  if (typeof value === 'boolean') return withArticle(words.bool);
  if (language === 'python') return withArticle(Number.isInteger(value) ? 'int' : 'float');
  return withArticle('number');
}

/**
 * Fills `{list}`, `{dict}` and `{str}` in authored text with the language's words, fixing the
 * article in front ("a {list}" becomes "an array" in JavaScript).
 */
export function fillTypeWords(text: string, language: Language): string {
  const words = TYPE_WORDS[language];
  const word = (key: string) => words[key as 'list' | 'dict' | 'str'];
  return text
    .replace(/\b([Aa]) \{(list|dict|str)\}/g, (_, a: string, key: string) => {
      const phrase = withArticle(word(key));
      return a === 'A' ? phrase[0]!.toUpperCase() + phrase.slice(1) : phrase;
    })
    .replace(/\{(list|dict|str)\}/g, (_, key: string) => word(key));
}

/** The bare type word: "list", "object", "str", "int". */
export function typeWord(value: PlainValue, language: Language): string {
  return describeType(value, language).replace(/^an? /, '');
}

/** A value shown inside feedback, written as the learner's language writes it. */
export const quote = (value: PlainValue, language: Language = 'python'): string => shortLiteral(value, language);

/** Code for an item inside a mapping: `groups['Books']`. */
export const keyPath = (path: string, key: string): string => `${path}[${quote(key)}]`;

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
