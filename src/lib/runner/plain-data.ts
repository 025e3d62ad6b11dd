import type { PlainValue } from './protocol.ts';

export type PlainResult = { ok: true; value: PlainValue } | { ok: false; what: string; at: string };

/**
 * Turns a JavaScript value into data the checker can read, or says precisely what is in the
 * way. structuredClone would accept class instances and Sets silently and reject functions
 * with a cryptic DataCloneError; learners deserve better words than either.
 */
export function toPlainData(value: unknown, at = '', seen = new Set<object>()): PlainResult {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return { ok: true, value };
  if (typeof value === 'number') return { ok: true, value };
  if (value === undefined) return { ok: false, what: 'undefined (it has no value yet)', at };
  if (typeof value === 'function') return { ok: false, what: 'a function', at };
  if (typeof value === 'bigint') return { ok: false, what: 'a BigInt', at };
  if (typeof value === 'symbol') return { ok: false, what: 'a Symbol', at };
  if (seen.has(value)) return { ok: false, what: 'a value that contains itself', at };
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items: PlainValue[] = [];
      for (let index = 0; index < value.length; index++) {
        const item = toPlainData(value[index], `${at}[${index}]`, seen);
        if (!item.ok) return item;
        items.push(item.value);
      }
      return { ok: true, value: items };
    }
    const entries: [string, unknown][] | undefined =
      value instanceof Map
        ? [...value.entries()].map(([key, item]) => [String(key), item])
        : isPlainObject(value)
          ? Object.entries(value)
          : undefined;
    if (!entries) return { ok: false, what: describeObject(value), at };
    const mapping: Record<string, PlainValue> = {};
    for (const [key, item] of entries) {
      const converted = toPlainData(item, `${at}[${JSON.stringify(key)}]`, seen);
      if (!converted.ok) return converted;
      mapping[key] = converted.value;
    }
    return { ok: true, value: mapping };
  } finally {
    seen.delete(value);
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describeObject(value: object): string {
  if (value instanceof Set) return 'a Set (use an array instead)';
  if (value instanceof Date) return 'a Date';
  if (value instanceof Promise) return 'a Promise (the checker reads values, not pending work)';
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name ? `an instance of the class ${name} (use a plain object instead)` : 'an object the checker cannot read';
}
