/*
 * A small Leitner system. Every card sits in a box: box 1 holds what the student is still
 * learning, the highest box what they know well. "Knew it" moves a card up one box; "not yet"
 * sends it back to box 1 and brings it round again a few cards later in the same session.
 * Knowing a card on that second look, moments after seeing its answer, is not recall, so the
 * card stays in box 1. A session starts with the lowest boxes, so the weakest cards come first.
 */

/** Box 1 = still learning … HIGHEST_BOX = known well. */
export const HIGHEST_BOX = 3;

/** A card rated "not yet" is shown again after this many other cards (or last, if fewer remain). */
export const RETRY_GAP = 2;

export type Rating = 'knew' | 'not-yet';

/** Card id → box. A card that is missing (never rated) is in box 1. */
export type Boxes = Readonly<Record<string, number>>;

export interface Session {
  /** Card ids still to show this session; the first one is on screen. */
  readonly queue: readonly string[];
  /** Card ids rated "not yet" at least once this session, in the order that first happened. */
  readonly missed: readonly string[];
  /** How many ratings this session has had. */
  readonly ratings: number;
}

/** The box a card is in, clamped to 1..HIGHEST_BOX. */
export function boxOf(boxes: Boxes, id: string): number {
  const box = boxes[id];
  return Number.isInteger(box) ? Math.min(Math.max(box!, 1), HIGHEST_BOX) : 1;
}

/** A new session over the deck: lowest box first, authored order within a box. */
export function startSession(cardIds: readonly string[], boxes: Boxes): Session {
  const queue = cardIds
    .map((id, index) => ({ id, index, box: boxOf(boxes, id) }))
    .sort((a, b) => a.box - b.box || a.index - b.index)
    .map((card) => card.id);
  return { queue, missed: [], ratings: 0 };
}

/** Rates the card on screen (the queue's first) and returns the next session and boxes. */
export function rate(session: Session, boxes: Boxes, rating: Rating): { session: Session; boxes: Boxes } {
  const [current, ...rest] = session.queue;
  if (current === undefined) return { session, boxes };
  if (rating === 'knew') {
    const box = session.missed.includes(current) ? 1 : Math.min(boxOf(boxes, current) + 1, HIGHEST_BOX);
    return { session: { ...session, queue: rest, ratings: session.ratings + 1 }, boxes: { ...boxes, [current]: box } };
  }
  const queue = [...rest.slice(0, RETRY_GAP), current, ...rest.slice(RETRY_GAP)];
  const missed = session.missed.includes(current) ? session.missed : [...session.missed, current];
  return { session: { queue, missed, ratings: session.ratings + 1 }, boxes: { ...boxes, [current]: 1 } };
}

/** How many of the given cards sit in each box, box 1 first. */
export function boxCounts(cardIds: readonly string[], boxes: Boxes): number[] {
  const counts = Array.from({ length: HIGHEST_BOX }, () => 0);
  for (const id of cardIds) counts[boxOf(boxes, id) - 1]! += 1;
  return counts;
}
