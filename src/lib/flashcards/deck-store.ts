import { boxOf, type Boxes } from './leitner.ts';

/**
 * The student's Leitner boxes, per deck, under their own versioned key (apart from the
 * exercise and quiz progress, which has its own shape and owner). Read defensively: the text
 * comes from an earlier visit or from devtools, so anything malformed is dropped entry by entry.
 */
export const DECK_STATE_KEY = 'stepwise:flashcards:v1';

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

interface DeckStates {
  version: 1;
  decks: Record<string, { boxes: Record<string, number> }>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses stored deck state; empty for missing, corrupted or other-version data. */
export function parseDeckStates(text: string | null): DeckStates {
  const empty: DeckStates = { version: 1, decks: {} };
  if (!text) return empty;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return empty;
  }
  if (!isRecord(raw) || raw.version !== 1 || !isRecord(raw.decks)) return empty;
  for (const [deckId, deck] of Object.entries(raw.decks)) {
    if (!isRecord(deck) || !isRecord(deck.boxes)) continue;
    const boxes: Record<string, number> = {};
    for (const [cardId, box] of Object.entries(deck.boxes)) {
      // Keep only real box numbers; boxOf clamps, so compare to catch out-of-range values.
      if (typeof box === 'number' && boxOf({ [cardId]: box }, cardId) === box) boxes[cardId] = box;
    }
    empty.decks[deckId] = { boxes };
  }
  return empty;
}

/** Reads and writes deck boxes; a storage that throws (private mode, full quota) degrades to memory. */
export class DeckStore {
  private states: DeckStates;
  private readonly storage: StorageLike | undefined;

  constructor(storage: StorageLike | undefined) {
    this.storage = storage;
    let text: string | null = null;
    try {
      text = storage?.getItem(DECK_STATE_KEY) ?? null;
    } catch {
      text = null;
    }
    this.states = parseDeckStates(text);
  }

  boxes(deckId: string): Boxes {
    return this.states.decks[deckId]?.boxes ?? {};
  }

  saveBoxes(deckId: string, boxes: Boxes): void {
    this.states.decks[deckId] = { boxes: { ...boxes } };
    try {
      this.storage?.setItem(DECK_STATE_KEY, JSON.stringify(this.states));
    } catch {
      // Full or blocked storage: keep working from memory for this visit.
    }
  }
}
