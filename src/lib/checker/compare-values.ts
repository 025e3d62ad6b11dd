import type { Comparison } from '../exercise/schema.ts';
import type { Language, PlainValue } from '../runner/protocol.ts';
import { describeNearMiss, nearMiss } from './text-similarity.ts';
import { describeType, fillTypeWords, keyPath, plural, quote } from './words.ts';

type Mapping = { [key: string]: PlainValue };

interface Context {
  language: Language;
  compare: Comparison;
  messages: string[];
}

const isMapping = (value: PlainValue): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);
const kindOf = (value: PlainValue) => (Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value);
const code = (path: string) => `\`${path}\``;

/**
 * Compares a learner's value of `name` with the reference value and returns what is wrong,
 * precisely enough to act on but without printing the expected value. Names and keys the
 * learner typed may be echoed back; expected texts never are.
 */
export function compareValue(name: string, should: string, actual: PlainValue, expected: PlainValue, compare: Comparison, language: Language): string[] {
  const context: Context = { language, compare, messages: [] };
  if (kindOf(actual) !== kindOf(expected)) {
    return [`${code(name)} should ${fillTypeWords(should, language)}; it is ${describeType(actual, language)}.`];
  }
  compareAt(name, actual, expected, context, undefined);
  return context.messages;
}

function compareAt(path: string, actual: PlainValue, expected: PlainValue, context: Context, siblings: Mapping | undefined): void {
  if (kindOf(actual) !== kindOf(expected)) {
    context.messages.push(`${code(path)} should be ${describeType(expected, context.language)}; it is ${describeType(actual, context.language)}.`);
  } else if (isMapping(expected)) {
    compareMapping(path, actual as Mapping, expected, context);
  } else if (Array.isArray(expected)) {
    compareList(path, actual as PlainValue[], expected, context, siblings);
  } else if (typeof expected === 'string') {
    compareText(path, actual as string, expected, context);
  } else if (actual !== expected) {
    context.messages.push(`${code(path)} does not have the expected value.`);
  }
}

function compareText(path: string, actual: string, expected: string, context: Context): void {
  if (actual === expected) return;
  const miss = nearMiss(actual, expected);
  context.messages.push(
    miss ? `${code(path)} is a near miss: check its ${describeNearMiss(miss)}.` : `${code(path)} is not the expected text.`,
  );
}

/** Keys present on one side only, pairing near misses ('books' for 'Books') so they are named as such. */
function compareKeys(path: string, actualKeys: string[], expectedKeys: string[], context: Context, noun = 'key'): string[] {
  const missing = expectedKeys.filter((key) => !actualKeys.includes(key));
  const extra = actualKeys.filter((key) => !expectedKeys.includes(key));
  for (const key of extra) {
    const index = missing.findIndex((wanted) => nearMiss(key, wanted));
    if (index !== -1) {
      const miss = nearMiss(key, missing[index]!)!;
      context.messages.push(`The ${noun} ${quote(key)} in ${code(path)} is a near miss: check its ${describeNearMiss(miss)}.`);
      missing.splice(index, 1);
    } else {
      context.messages.push(`${code(path)} has the ${noun} ${quote(key)}, which does not belong there.`);
    }
  }
  for (const key of missing) context.messages.push(`${code(path)} is missing the ${noun} ${quote(key)}.`);
  return expectedKeys.filter((key) => actualKeys.includes(key));
}

function compareMapping(path: string, actual: Mapping, expected: Mapping, context: Context): void {
  const common = compareKeys(path, Object.keys(actual), Object.keys(expected), context);
  const expectedValues = Object.values(expected);
  const distinctTexts = expectedValues.every((value) => typeof value === 'string') && new Set(expectedValues).size === expectedValues.length;
  const actualValues = Object.values(actual);
  if (distinctTexts && expectedValues.length > 1 && actualValues.length > 1 && actualValues.every((value) => typeof value === 'string' && value === actualValues[0])) {
    context.messages.push(
      `Every key of ${code(path)} holds the same text. That is the classic personalization mistake: one message sent to every segment. Give each segment its own message.`,
    );
    return;
  }
  for (const key of common) compareAt(keyPath(path, key), actual[key]!, expected[key]!, context, expected);
}

function compareList(path: string, actual: PlainValue[], expected: PlainValue[], context: Context, siblings: Mapping | undefined): void {
  const { key } = context.compare;
  if (key && expected.every(isMapping)) {
    compareRecords(path, actual, expected, key, context);
  } else if (expected.every((item) => !isMapping(item) && !Array.isArray(item))) {
    compareItems(path, actual, expected, context, siblings);
  } else if (actual.length !== expected.length) {
    context.messages.push(`${code(path)} should have ${plural(expected.length, 'entry', 'entries')}; it has ${actual.length}.`);
  } else {
    actual.forEach((item, index) => compareAt(`${path}[${index}]`, item, expected[index]!, context, undefined));
  }
}

/** Lists of texts or numbers, compared as multisets unless the manifest asks for order. */
function compareItems(path: string, actual: PlainValue[], expected: PlainValue[], context: Context, siblings: Mapping | undefined): void {
  const before = context.messages.length;
  const count = (list: PlainValue[], item: PlainValue) => list.filter((other) => other === item).length;
  const unmatched = expected.flatMap((item, index) => (expected.indexOf(item) === index ? Array(Math.max(0, count(expected, item) - count(actual, item))).fill(item) : []));
  for (const item of actual.filter((item, index) => actual.indexOf(item) === index)) {
    const wanted = count(expected, item);
    if (wanted > 0) {
      if (count(actual, item) > wanted) context.messages.push(`${quote(item)} appears ${count(actual, item)} times in ${code(path)}; it should appear ${wanted === 1 ? 'once' : `${wanted} times`}.`);
      continue;
    }
    const nearIndex = unmatched.findIndex((other) => typeof other === 'string' && typeof item === 'string' && nearMiss(item, other));
    if (nearIndex !== -1) {
      context.messages.push(`${quote(item)} in ${code(path)} is a near miss: check its ${describeNearMiss(nearMiss(item as string, unmatched[nearIndex] as string)!)}.`);
      unmatched.splice(nearIndex, 1);
    } else if (siblings && Object.values(siblings).some((list) => Array.isArray(list) && list.includes(item))) {
      context.messages.push(`${quote(item)} is in ${code(path)} but belongs in a different group.`);
    } else {
      context.messages.push(`${code(path)} contains ${quote(item)}, which does not belong there.`);
    }
  }
  if (unmatched.length > 0) context.messages.push(`${code(path)} is missing ${plural(unmatched.length, 'entry', 'entries')}.`);
  if (context.messages.length === before && context.compare.ordered && actual.some((item, index) => item !== expected[index])) {
    context.messages.push(`${code(path)} has the right entries in the wrong order.`);
  }
}

/** Lists of records told apart by `key`, such as customers by name. */
function compareRecords(path: string, actual: PlainValue[], expected: Mapping[], key: string, context: Context): void {
  const found = new Map<string, number>();
  actual.forEach((item, index) => {
    const at = `${path}[${index}]`;
    if (!isMapping(item)) {
      context.messages.push(`${code(at)} should be ${describeType({}, context.language)}; it is ${describeType(item, context.language)}.`);
    } else if (typeof item[key] !== 'string' && typeof item[key] !== 'number') {
      const near = Object.keys(item).find((field) => nearMiss(field, key));
      context.messages.push(near ? `The key ${quote(near)} in ${code(at)} is a near miss: check its ${describeNearMiss(nearMiss(near, key)!)}.` : `${code(at)} has no ${quote(key)} key.`);
    } else if (found.has(String(item[key]))) {
      const count = actual.filter((other) => isMapping(other) && other[key] === item[key]).length;
      if (found.get(String(item[key])) !== -1) context.messages.push(`${quote(item[key])} appears ${count} times in ${code(path)}; it should appear once.`);
      found.set(String(item[key]), -1);
    } else {
      found.set(String(item[key]), index);
    }
  });
  const byKey = new Map(expected.map((record) => [String(record[key]), record]));
  const common = compareKeys(path, [...found.keys()], [...byKey.keys()], context, 'entry');
  for (const id of common) {
    const index = found.get(id)!;
    if (index >= 0) compareMapping(`${path}[${index}]`, actual[index] as Mapping, byKey.get(id)!, context);
  }
}
