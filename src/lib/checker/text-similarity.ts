/** The ways two texts can differ while still meaning the same thing to a reader. */
export type NearMiss = 'capital letters' | 'spacing' | 'punctuation';

const ASPECTS: NearMiss[] = ['capital letters', 'spacing', 'punctuation'];

const normalizers: Record<NearMiss, (text: string) => string> = {
  'capital letters': (text) => text.toLowerCase(),
  spacing: (text) => text.replace(/\s+/g, ''),
  punctuation: (text) => text.replace(/[\p{P}\p{S}]/gu, ''),
};

/**
 * The smallest set of differences (case, spacing, punctuation) that explains why `actual`
 * is not `expected`, or undefined when they differ in their words.
 */
export function nearMiss(actual: string, expected: string): NearMiss[] | undefined {
  if (actual === expected) return undefined;
  const subsets: NearMiss[][] = [
    ...ASPECTS.map((aspect) => [aspect]),
    ...ASPECTS.flatMap((a, i) => ASPECTS.slice(i + 1).map((b) => [a, b])),
    ASPECTS,
  ];
  for (const subset of subsets) {
    const normalize = (text: string) => subset.reduce((value, aspect) => normalizers[aspect](value), text);
    if (normalize(actual) === normalize(expected)) return subset;
  }
  return undefined;
}

export const describeNearMiss = (aspects: NearMiss[]): string =>
  aspects.length === 1 ? aspects[0]! : `${aspects.slice(0, -1).join(', ')} and ${aspects[aspects.length - 1]}`;

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * True when `actual` is `expected` with one word misspelled ("Discover new boks just for you!"):
 * the same words but one, and that one at most two letters off (one for short words). A word of
 * one or two letters that differs is another word ('B' for 'A', 'on' for 'in'), not a typo.
 */
export function oneWordTypo(actual: string, expected: string): boolean {
  const a = actual.split(/\s+/);
  const b = expected.split(/\s+/);
  if (a.length !== b.length) return false;
  const differing = a.map((word, index) => [word, b[index]!] as const).filter(([x, y]) => x !== y);
  if (differing.length !== 1) return false;
  const [x, y] = differing[0]!;
  return y.length > 2 && editDistance(x, y) <= (y.length <= 5 ? 1 : 2);
}

/** Names close enough to `wanted` to be a typo of it, closest first. */
export function didYouMean(wanted: string, candidates: string[]): string[] {
  const limit = wanted.length <= 4 ? 1 : 2;
  return candidates
    .filter((candidate) => candidate !== wanted)
    .map((candidate) => ({ candidate, distance: candidate.toLowerCase() === wanted.toLowerCase() ? 0 : editDistance(candidate, wanted) }))
    .filter(({ distance }) => distance <= limit)
    .sort((x, y) => x.distance - y.distance)
    .map(({ candidate }) => candidate);
}
