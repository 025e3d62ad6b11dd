/** A source of numbers in [0, 1), like Math.random; injectable so tests are repeatable. */
export type Random = () => number;

/** A uniformly random permutation of 0..length-1 (Fisher–Yates). */
export function shuffledOrder(length: number, random: Random = Math.random): number[] {
  const order = Array.from({ length }, (_, index) => index);
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * The items in the given order. Options keep their authored position as their identity
 * (the radio's value), so a shuffled display still grades against the same answer key.
 */
export function applyOrder<T>(items: readonly T[], order: readonly number[]): T[] {
  if (order.length !== items.length || new Set(order).size !== items.length) {
    throw new RangeError(`order [${order.join(', ')}] is not a permutation of ${items.length} items`);
  }
  return order.map((index) => {
    if (!(index in items)) throw new RangeError(`order names item ${index}, but there are ${items.length}`);
    return items[index]!;
  });
}

/** A small seeded generator (mulberry32) for repeatable shuffles in tests. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
