import type { Comparison } from '../exercise/schema.ts';
import type { Language, PlainValue } from '../runner/protocol.ts';
import { wordFindings, type Finding } from './findings.ts';
import { describeNearMiss, nearMiss, oneWordTypo } from './text-similarity.ts';
import { describeType, fillTypeWords, keyPath, plural, quote, typeWord } from './words.ts';

type Mapping = { [key: string]: PlainValue };

interface Context {
  language: Language;
  compare: Comparison;
  findings: Finding[];
}

/** Values larger than this are not compared: the learner is told so instead of waiting. */
export const VALUE_LIMIT = 100_000;

const isMapping = (value: PlainValue): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);
const kindOf = (value: PlainValue) => (Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value);
const code = (path: string) => `\`${path}\``;

/** Whether two numbers are equal within the manifest's `tolerance` (exactly, without one). */
export const closeEnough = (a: number, b: number, tolerance = 0): boolean => a === b || Math.abs(a - b) <= tolerance;

/** Deep equality of plain data; lists in order; numbers within `tolerance`. */
export function sameValue(a: PlainValue, b: PlainValue, tolerance = 0): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return closeEnough(a, b, tolerance);
  if (kindOf(a) !== kindOf(b) || typeof a !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return a.length === (b as PlainValue[]).length && a.every((item, index) => sameValue(item, (b as PlainValue[])[index]!, tolerance));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in (b as Mapping) && sameValue((a as Mapping)[key]!, (b as Mapping)[key]!, tolerance));
}

/**
 * A rate written as a percentage (25 for 0.25): the learner's number is 100 times a fractional
 * expected one, within the tolerance scaled the same way. Integers are left out, since a count
 * that is 100 times too large is some other mistake.
 */
export function looksLikePercentage(actual: number, expected: number, tolerance = 0): boolean {
  if (expected === 0 || Number.isInteger(expected)) return false;
  const scaled = expected * 100;
  // Without a tolerance, allow for the rounding of the multiplication itself.
  return Math.abs(actual - scaled) <= Math.max(tolerance * 100, Math.abs(scaled) * 1e-9);
}

/** True when the value holds more than `limit` values in all (counted without recursion). */
function tooLarge(value: PlainValue, limit = VALUE_LIMIT): boolean {
  const stack: PlainValue[] = [value];
  let count = 0;
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (++count > limit) return true;
    if (Array.isArray(next)) for (const item of next) stack.push(item);
    else if (isMapping(next)) for (const item of Object.values(next)) stack.push(item);
  }
  return false;
}

/**
 * Compares a learner's value of `name` with the reference value and returns what is wrong,
 * precisely enough to act on but without printing the expected value. Names, keys and values
 * the learner typed may be echoed back; expected texts never are. Linear in the size of the
 * values: counts are kept in maps.
 */
export function findDifferences(name: string, should: string, actual: PlainValue, expected: PlainValue, compare: Comparison, language: Language): Finding[] {
  const finding = (text: string): Finding[] => [{ cause: `whole:${name}`, rank: 1, path: name, say: () => text }];
  if (kindOf(actual) !== kindOf(expected)) return finding(`${code(name)} should ${fillTypeWords(should, language)}; it is ${describeType(actual, language)}.`);
  if (tooLarge(actual)) {
    return finding(`${code(name)} holds more than ${VALUE_LIMIT.toLocaleString('en')} values, too many to check. This step needs far fewer; build it from the data the earlier steps define.`);
  }
  const context: Context = { language, compare, findings: [] };
  compareAt(name, actual, expected, context, undefined);
  return context.findings;
}

/** {@link findDifferences}, worded as messages. */
export function compareValue(name: string, should: string, actual: PlainValue, expected: PlainValue, compare: Comparison, language: Language): string[] {
  return wordFindings(findDifferences(name, should, actual, expected, compare, language));
}

/** The path of a value's container, so that siblings with the same fault share a cause. */
const parentOf = (path: string) => path.replace(/\[[^\]]*\]$/, '[]');

function compareAt(path: string, actual: PlainValue, expected: PlainValue, context: Context, siblings: Set<string> | undefined): void {
  const { language } = context;
  if (kindOf(actual) !== kindOf(expected)) {
    context.findings.push({
      cause: `type:${parentOf(path)}:${kindOf(expected)}:${kindOf(actual)}`,
      rank: 1,
      path,
      say: (where, count) =>
        count === 1
          ? `${where} should be ${describeType(expected, language)}; it is ${describeType(actual, language)}.`
          : `${where} should each be ${describeType(expected, language)}; each is ${describeType(actual, language)}.`,
    });
  } else if (isMapping(expected)) {
    compareMapping(path, actual as Mapping, expected, context);
  } else if (Array.isArray(expected)) {
    compareList(path, actual as PlainValue[], expected, context, siblings);
  } else if (typeof expected === 'string') {
    compareText(path, actual as string, expected, context);
  } else if (typeof expected === 'number') {
    compareNumber(path, actual as number, expected, context);
  } else if (actual !== expected) {
    context.findings.push({ cause: `value:${path}`, rank: 2, path, say: (where) => `${where} does not have the expected value.` });
  }
}

function compareNumber(path: string, actual: number, expected: number, context: Context): void {
  const { tolerance } = context.compare;
  if (closeEnough(actual, expected, tolerance)) return;
  if (looksLikePercentage(actual, expected, tolerance)) {
    // Told as its cause, once for all the rates of one mapping or list; the expected value stays unsaid.
    context.findings.push({
      cause: `percentage:${parentOf(path)}`,
      rank: 0,
      path,
      say: (where, count) =>
        `${where} ${count === 1 ? 'looks like a percentage' : 'look like percentages'} (from 0 to 100), but this step wants ${count === 1 ? 'a fraction' : 'fractions'} from 0 to 1: a rate of 12% is written 0.12. Leave out the multiplication by 100.`,
    });
    return;
  }
  const within = tolerance === undefined ? '' : `, even allowing a difference of ${tolerance}`;
  context.findings.push({ cause: `value:${path}`, rank: 2, path, say: (where) => `${where} does not have the expected value${within}.` });
}

function compareText(path: string, actual: string, expected: string, context: Context): void {
  if (actual === expected) return;
  const miss = nearMiss(actual, expected);
  const advice = miss ? `check its ${describeNearMiss(miss)}` : oneWordTypo(actual, expected) ? 'check the spelling of one word' : undefined;
  context.findings.push({
    cause: advice ? `near-text:${parentOf(path)}:${advice}` : `text:${path}`,
    rank: 2,
    path,
    say: (where, count) => (advice ? `${where} ${count === 1 ? 'is a near miss' : 'are near misses'}: ${advice}.` : `${where} is not the expected text.`),
  });
}

/** "'a'", "'a' and 'b'", "'a', 'b', 'c' and 4 more". */
function listKeys(keys: string[], language: Language): string {
  const shown = keys.slice(0, 3).map((key) => quote(key, language));
  if (keys.length > 3) return `${shown.join(', ')} and ${keys.length - 3} more`;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** How a wrong key or entry is close to a right one, or undefined when it is not. */
function closeness(actual: string, expected: string): string | undefined {
  const miss = nearMiss(actual, expected);
  if (miss) return describeNearMiss(miss);
  return oneWordTypo(actual, expected) ? 'spelling' : undefined;
}

/**
 * Keys present on one side only. A wrong key close to a missing one ('books' for 'Books') is
 * paired with it and named as a near miss; the pairs are returned with the common keys, so
 * the values under them are still compared.
 */
function compareKeys(path: string, actualKeys: string[], expectedKeys: string[], context: Context, noun: 'key' | 'entry'): [string, string][] {
  const actualSet = new Set(actualKeys);
  const expectedSet = new Set(expectedKeys);
  const missing = expectedKeys.filter((key) => !actualSet.has(key));
  const extra = actualKeys.filter((key) => !expectedSet.has(key));
  const pairs: [string, string][] = expectedKeys.filter((key) => actualSet.has(key)).map((key) => [key, key]);
  const near: { key: string; how: string }[] = [];
  const strays: string[] = [];
  for (const key of extra) {
    // Pairing compares each extra key with each missing one; only worth it for a handful.
    const index = missing.length * extra.length <= 10_000 ? missing.findIndex((wanted) => closeness(key, wanted)) : -1;
    if (index !== -1) {
      near.push({ key, how: closeness(key, missing[index]!)! });
      pairs.push([key, missing[index]!]);
      missing.splice(index, 1);
    } else {
      strays.push(key);
    }
  }
  const byHow = new Map<string, string[]>();
  for (const { key, how } of near) byHow.set(how, [...(byHow.get(how) ?? []), key]);
  for (const [how, keys] of byHow) {
    const listed = listKeys(keys, context.language);
    context.findings.push({
      // Records share a cause across the list, so five miscased 'Name' keys make one message.
      cause: `near-key:${noun}:${parentOf(path)}:${keys.join('\u0000')}:${how}`,
      rank: 1,
      path,
      say: (where) =>
        keys.length === 1
          ? `The ${noun} ${listed} in ${where} is a near miss: check its ${how}.`
          : `The ${noun === 'key' ? 'keys' : 'entries'} ${listed} in ${where} are near misses: check their ${how}.`,
    });
  }
  if (strays.length > 0) {
    const listed = listKeys(strays, context.language);
    const nouns = strays.length === 1 ? `the ${noun} ${listed}, which does not` : `the ${noun === 'key' ? 'keys' : 'entries'} ${listed}, which do not`;
    context.findings.push({
      cause: `extra:${noun}:${parentOf(path)}:${strays.join('\u0000')}`,
      rank: 1,
      path,
      say: (where, count) => `${where} ${count === 1 ? 'has' : 'each have'} ${nouns} belong there.`,
    });
  }
  if (missing.length > 0) {
    const listed = listKeys(missing, context.language);
    context.findings.push({
      cause: `missing:${noun}:${parentOf(path)}:${listed}`,
      rank: 1,
      path,
      say: (where, count) => `${where} ${count === 1 ? 'is' : 'are each'} missing the ${missing.length === 1 ? noun : noun === 'key' ? 'keys' : 'entries'} ${listed}.`,
    });
  }
  return pairs;
}

/**
 * Mistakes that explain a whole mapping at once, each told as its cause rather than as the
 * dozens of wrong entries it produces. Returns the keys it explained, which are not compared further.
 */
function namedCauses(path: string, actual: Mapping, expected: Mapping, pairs: [string, string][], context: Context): Set<string> {
  const explained = new Set<string>();
  const same = (a: PlainValue, b: PlainValue) => sameValue(a, b, context.compare.tolerance);
  const found = (say: string) => context.findings.push({ cause: `named:${path}:${say}`, rank: 0, path, say: () => say });
  const actualValues = pairs.map(([key]) => actual[key]!);
  const expectedValues = pairs.map(([, key]) => expected[key]!);
  const all = new Set(pairs.map(([key]) => key));
  const allDiffer = expectedValues.some((value) => !same(value, expectedValues[0]!));

  if (pairs.length > 1 && allDiffer && actualValues.every((value) => same(value, actualValues[0]!))) {
    const first = actualValues[0]!;
    if (typeof first === 'string' && expectedValues.every((value) => typeof value === 'string')) {
      found(`Every key of ${code(path)} holds the same text. Each key should get its own; one text for all of them is the mistake to avoid here.`);
      return all;
    }
    if (Array.isArray(first) && first.length > 0) {
      const example = context.language === 'python' ? '`dict.fromkeys(keys, [])`, or a list made before the loop,' : 'an array made once, before the loop,';
      found(
        `Every key of ${code(path)} holds the same ${typeWord([], context.language)} (${plural(first.length, 'entry', 'entries')}): they all share one ${typeWord([], context.language)}. ${example[0]!.toUpperCase()}${example.slice(1)} puts that one ${typeWord([], context.language)} under every key; make a new one for each key, inside the loop.`,
      );
      return all;
    }
  }
  // A list that is never emptied between keys keeps what earlier keys got: each one extends the one before.
  if (pairs.length > 1 && allDiffer && actualValues.every(Array.isArray)) {
    const lists = actualValues as PlainValue[][];
    const grows = lists.every((list, index) => index === 0 || (list.length >= lists[index - 1]!.length && lists[index - 1]!.every((item, at) => same(item, list[at]!))));
    if (grows && lists[lists.length - 1]!.length > lists[0]!.length && lists[0]!.length > 0) {
      found(
        `Each ${typeWord([], context.language)} in ${code(path)} also holds the entries of the keys before it: the ${typeWord([], context.language)} you fill is not emptied at the start of each pass of the loop. Make a new, empty one inside the loop, before you fill it.`,
      );
      return all;
    }
  }
  // Two keys holding each other's values.
  for (let i = 0; i < pairs.length; i++) {
    for (let j = i + 1; j < pairs.length && pairs.length <= 50; j++) {
      const [a, wantedA] = pairs[i]!;
      const [b, wantedB] = pairs[j]!;
      if (explained.has(a) || explained.has(b) || same(actual[a]!, expected[wantedA]!)) continue;
      if (same(actual[a]!, expected[wantedB]!) && same(actual[b]!, expected[wantedA]!)) {
        found(`The values of ${code(keyPath(path, a))} and ${code(keyPath(path, b))} are swapped.`);
        explained.add(a).add(b);
      }
    }
  }
  return explained;
}

function compareMapping(path: string, actual: Mapping, expected: Mapping, context: Context): void {
  const pairs = compareKeys(path, Object.keys(actual), Object.keys(expected), context, 'key');
  const explained = namedCauses(path, actual, expected, pairs, context);
  const siblings = new Set(Object.values(expected).flatMap((value) => (Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [])) as string[]);
  for (const [key, wanted] of pairs) {
    if (!explained.has(key)) compareAt(keyPath(path, key), actual[key]!, expected[wanted]!, context, siblings);
  }
}

function compareList(path: string, actual: PlainValue[], expected: PlainValue[], context: Context, siblings: Set<string> | undefined): void {
  const { key } = context.compare;
  if (key && expected.length > 0 && expected.every(isMapping)) {
    compareRecords(path, actual, expected, key, context);
  } else if (expected.every((item) => !isMapping(item) && !Array.isArray(item))) {
    compareItems(path, actual, expected, context, siblings);
  } else if (actual.length !== expected.length) {
    context.findings.push({ cause: `length:${path}`, rank: 1, path, say: (where) => `${where} should have ${plural(expected.length, 'entry', 'entries')}; it has ${actual.length}.` });
  } else {
    actual.forEach((item, index) => compareAt(`${path}[${index}]`, item, expected[index]!, context, undefined));
  }
}

/** Beyond this many wrong entries in one list, they are counted instead of explained one by one. */
const STRAYS_EXPLAINED = 20;

/** A scalar as a map key that keeps 1 and '1' apart. */
const itemKey = (item: PlainValue) => `${typeof item}:${String(item)}`;

function counts(list: PlainValue[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const item of list) map.set(itemKey(item), (map.get(itemKey(item)) ?? 0) + 1);
  return map;
}

/**
 * With a tolerance, each of the learner's numbers that is close enough to an expected one is
 * replaced by it, so the counting below treats 0.30000000000000004 as 0.3.
 */
function snapNumbers(actual: PlainValue[], expected: PlainValue[], tolerance: number | undefined): PlainValue[] {
  if (tolerance === undefined) return actual;
  const wanted = expected.filter((item): item is number => typeof item === 'number').sort((a, b) => a - b);
  if (wanted.length === 0) return actual;
  return actual.map((item) => {
    if (typeof item !== 'number') return item;
    // Binary search for the first expected number not below item - tolerance; it and the one before
    // it (for rounding at the edge) are the only ones that can be close enough.
    let low = 0;
    let high = wanted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (wanted[middle]! < item - tolerance) low = middle + 1;
      else high = middle;
    }
    const nearest = [wanted[low], wanted[low - 1]].find((candidate) => candidate !== undefined && closeEnough(item, candidate, tolerance));
    return nearest ?? item;
  });
}

/** Lists of texts or numbers, compared as multisets unless the manifest asks for order. */
function compareItems(path: string, learnerItems: PlainValue[], expected: PlainValue[], context: Context, siblings: Set<string> | undefined): void {
  const { language } = context;
  const actual = snapNumbers(learnerItems, expected, context.compare.tolerance);
  const push = (cause: string, rank: Finding['rank'], say: Finding['say']) => context.findings.push({ cause, rank, path, say });
  const wantedKind = expected.length > 0 && expected.every((item) => kindOf(item) === kindOf(expected[0]!)) ? kindOf(expected[0]!) : undefined;
  const stranger = wantedKind ? actual.find((item) => kindOf(item) !== wantedKind) : undefined;
  if (stranger !== undefined) {
    push(`item-type:${parentOf(path)}:${kindOf(stranger)}`, 1, (where, count) =>
      `${where} should hold ${typeWord(expected[0]!, language)}s; ${count === 1 ? 'it holds' : 'they hold'} ${typeWord(stranger, language)}s such as ${quote(stranger, language)}.`,
    );
    return;
  }
  const want = counts(expected);
  const have = counts(actual);
  const unmatched = new Map<string, PlainValue>();
  for (const item of expected) if ((want.get(itemKey(item)) ?? 0) > (have.get(itemKey(item)) ?? 0)) unmatched.set(itemKey(item), item);
  let missing = 0;
  for (const [key, count] of want) missing += Math.max(0, count - (have.get(key) ?? 0));
  const before = context.findings.length;
  const seen = new Set<string>();
  const strays: PlainValue[] = [];
  for (const item of actual) {
    const key = itemKey(item);
    if (seen.has(key)) continue;
    seen.add(key);
    const wanted = want.get(key) ?? 0;
    const times = have.get(key)!;
    if (wanted === 0) strays.push(item);
    else if (times > wanted) push(`duplicate:${path}:${key}`, 2, (where) => `${quote(item, language)} appears ${times} times in ${where}; it should appear ${wanted === 1 ? 'once' : `${wanted} times`}.`);
  }
  if (strays.length > STRAYS_EXPLAINED) {
    // Too many to explain one by one (and too slow to pair with near misses): one message says how many.
    const [count, example] = [strays.length, strays[0]!];
    push(`extra-items:${path}`, 2, (where) => `${where} contains ${count} entries that do not belong there, such as ${quote(example, language)}.`);
    strays.length = 0;
  }
  for (const item of strays) {
    const key = itemKey(item);
    const near = typeof item === 'string' && unmatched.size <= 50 ? [...unmatched.values()].find((other) => typeof other === 'string' && closeness(item, other)) : undefined;
    if (near !== undefined) {
      const how = closeness(item as string, near as string)!;
      push(`near-item:${path}:${key}`, 2, (where) => `${quote(item, language)} in ${where} is a near miss: check its ${how}.`);
      unmatched.delete(itemKey(near));
      missing -= 1;
    } else if (typeof item === 'string' && siblings?.has(item)) {
      push(`misplaced:${path}:${key}`, 2, (where) => `${quote(item, language)} is in ${where} but belongs in a different group.`);
    } else {
      push(`extra-item:${path}:${key}`, 2, (where) => `${where} contains ${quote(item, language)}, which does not belong there.`);
    }
  }
  if (missing > 0) push(`missing-items:${path}`, 2, (where) => `${where} is missing ${plural(missing, 'entry', 'entries')}.`);
  if (context.findings.length === before && context.compare.ordered && actual.some((item, index) => item !== expected[index])) {
    push(`order:${path}`, 2, (where) => `${where} has the right entries in the wrong order.`);
  }
}

/** Lists of records told apart by `key`, such as customers by name. */
function compareRecords(path: string, actual: PlainValue[], expected: Mapping[], key: string, context: Context): void {
  const { language } = context;
  const found = new Map<string, number>();
  const times = new Map<string, number>();
  actual.forEach((item, index) => {
    const at = `${path}[${index}]`;
    if (!isMapping(item)) {
      compareAt(at, item, expected[0]!, context, undefined);
      return;
    }
    let id: PlainValue | undefined = item[key];
    if (typeof id !== 'string' && typeof id !== 'number') {
      // A record whose key is miscased ('Name') is still told apart by it, so it is not also "missing".
      const near = Object.keys(item).find((field) => nearMiss(field, key));
      id = near === undefined ? undefined : item[near];
      if (typeof id !== 'string' && typeof id !== 'number') {
        context.findings.push({ cause: `no-id:${path}:${key}`, rank: 1, path: at, say: (where, count) => `${where} ${count === 1 ? 'has' : 'have'} no ${quote(key)} key.` });
        return;
      }
    }
    const name = String(id);
    times.set(name, (times.get(name) ?? 0) + 1);
    if (!found.has(name)) found.set(name, index);
  });
  for (const [name, count] of times) {
    if (count > 1) context.findings.push({ cause: `duplicate:${path}:${name}`, rank: 2, path, say: (where) => `${quote(name, language)} appears ${count} times in ${where}; it should appear once.` });
  }
  const byKey = new Map(expected.map((record) => [String(record[key]), record]));
  for (const [id, wanted] of compareKeys(path, [...found.keys()], [...byKey.keys()], context, 'entry')) {
    const index = found.get(id)!;
    const record = actual[index] as Mapping;
    const reference = byKey.get(wanted)!;
    // A near-miss id was reported once, as an entry; its field is not reported again.
    const judged = id !== wanted && key in record ? { ...record, [key]: reference[key]! } : record;
    compareMapping(`${path}[${index}]`, judged, reference, context);
  }
}
