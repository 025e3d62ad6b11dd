import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validateProject } from '../../src/cli/validate.ts';
import { DECK_STATE_KEY, DeckStore, parseDeckStates } from '../../src/lib/flashcards/deck-store.ts';
import { loadDeck, parseDeck } from '../../src/lib/flashcards/load.ts';
import { boxCounts, HIGHEST_BOX, rate, startSession, type Boxes, type Rating, type Session } from '../../src/lib/flashcards/leitner.ts';
import { AuthoringError, formatProblem, type AuthoringProblem } from '../../src/lib/schema-errors.ts';

const FILE = 'exercises/some-deck/flashcards.yaml';
const card = (id: string) => ({ id, topic: 'Terms', front: `Front of ${id}?`, back: `Back of ${id}.` });
const deck = (edit: (raw: { cards: Record<string, unknown>[] } & Record<string, unknown>) => void = () => {}) => {
  const raw = { id: 'some-deck', title: 'A deck', cards: [card('one'), card('two'), card('three')] };
  edit(raw);
  return raw;
};

function problemsOf(raw: unknown): string[] {
  try {
    parseDeck(raw, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthoringError);
    return (error as AuthoringError).problems.map(formatProblem);
  }
  throw new Error('expected the deck to be rejected');
}

describe('flashcard deck schema', () => {
  it('accepts a valid deck', () => {
    expect(parseDeck(deck(), FILE).cards.map((c) => c.id)).toEqual(['one', 'two', 'three']);
  });

  it('names file, field and reason for each problem', () => {
    expect(problemsOf(deck((d) => delete d.cards[1]!.back))).toEqual([`${FILE}: cards.2.back: is required`]);
    expect(problemsOf(deck((d) => (d.cards[0]!.front = '  ')))).toEqual([`${FILE}: cards.1.front: must not be empty`]);
    expect(problemsOf(deck((d) => (d.cards[2]!.backside = 'x')))).toEqual([`${FILE}: cards.3.backside: unknown field (check its spelling)`]);
    expect(problemsOf(deck((d) => (d.cards[2]!.id = 'One Card')))).toEqual([
      `${FILE}: cards.3.id: must be lowercase letters, digits and single hyphens, e.g. "conversion-rate"`,
    ]);
    expect(problemsOf(deck((d) => (d.cards = [card('one')])))).toEqual([`${FILE}: cards: needs at least two cards`]);
  });

  it('rejects a repeated card id or front, naming the earlier card', () => {
    expect(problemsOf(deck((d) => (d.cards[2]!.id = 'one')))).toEqual([`${FILE}: cards.3.id: duplicate card id "one" (card 1 has it too)`]);
    expect(problemsOf(deck((d) => (d.cards[1]!.front = 'FRONT of one?')))).toEqual([`${FILE}: cards.2.front: repeats the front of card 1`]);
  });

  it('insists the id matches the folder', () => {
    expect(() => parseDeck(deck(), FILE, 'other-folder')).toThrow(/id: must match its folder name "other-folder"/);
  });
});

describe('the shipped deck', () => {
  it('has about twenty cards covering every topic the course promises', async () => {
    const shipped = await loadDeck(path.resolve('exercises/segmentation-flashcards'));
    expect(shipped.cards.length).toBeGreaterThanOrEqual(18);
    expect(shipped.cards.length).toBeLessThanOrEqual(24);
    expect(new Set(shipped.cards.map((c) => c.topic))).toEqual(
      new Set(['Terms', 'Segmentation types', 'Process', 'Segment criteria', 'KPIs', 'Segmentation vs personalization']),
    );
  });

  it('states the seed facts it teaches', async () => {
    const shipped = await loadDeck(path.resolve('exercises/segmentation-flashcards'));
    const back = (id: string) => shipped.cards.find((c) => c.id === id)!.back;
    expect(back('segmentation-process')).toMatch(/data.*identify.*profile.*validate/);
    expect(back('segment-criteria')).toMatch(/Measurable.*substantial.*accessible.*relevant/);
    expect(back('conversion-rate')).toMatch(/Conversions ÷ visitors × 100%/);
    expect(back('click-through-rate')).toMatch(/Clicks ÷ recipients/);
    expect(back('return-on-investment')).toMatch(/^Net profit ÷ cost/);
    expect(back('firmographic')).toMatch(/industry, size, revenue and location/);
    expect(back('level-of-customization')).toMatch(/^Personalization\./);
    expect(back('which-comes-first')).toMatch(/^Segmentation\./);
  });
});

/** Plays ratings from a fresh session and returns the order cards were shown in. */
function play(ids: string[], ratings: Record<string, Rating[]>, boxes: Boxes = {}) {
  let session: Session = startSession(ids, boxes);
  let current = boxes;
  const shown: string[] = [];
  const left = Object.fromEntries(Object.entries(ratings).map(([id, list]) => [id, [...list]]));
  while (session.queue.length > 0) {
    const id = session.queue[0]!;
    shown.push(id);
    const next = rate(session, current, left[id]?.shift() ?? 'knew');
    session = next.session;
    current = next.boxes;
  }
  return { shown, boxes: current, session };
}

describe('Leitner scheduler', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];

  it('starts with the lowest boxes, authored order within a box', () => {
    expect(startSession(ids, { a: 3, b: 2, d: 1, e: 2 }).queue).toEqual(['c', 'd', 'b', 'e', 'a']);
  });

  it('brings a "not yet" card back after two other cards', () => {
    expect(play(ids, { a: ['not-yet'] }).shown).toEqual(['a', 'b', 'c', 'a', 'd', 'e']);
  });

  it('puts a "not yet" card last when fewer than two cards remain, and repeats it until known', () => {
    expect(play(ids, { d: ['not-yet', 'not-yet'] }).shown).toEqual(['a', 'b', 'c', 'd', 'e', 'd', 'd']);
  });

  it('moves a known card up one box, no higher than the top', () => {
    const { boxes } = play(['a', 'b'], {}, { b: HIGHEST_BOX });
    expect(boxes).toEqual({ a: 2, b: HIGHEST_BOX });
  });

  it('keeps a missed card in box 1 even when known on its second look, so it opens the next round', () => {
    const first = play(ids, { c: ['not-yet', 'knew'] });
    expect(first.boxes).toEqual({ a: 2, b: 2, c: 1, d: 2, e: 2 });
    expect(first.session.missed).toEqual(['c']);
    expect(startSession(ids, first.boxes).queue[0]).toBe('c');
    expect(boxCounts(ids, first.boxes)).toEqual([1, 4, 0]);
  });

  it('does nothing once the round is over', () => {
    const done: Session = { queue: [], missed: [], ratings: 5 };
    expect(rate(done, {}, 'knew')).toEqual({ session: done, boxes: {} });
  });
});

describe('deck store', () => {
  const memory = () => {
    const data = new Map<string, string>();
    return { getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value), data };
  };

  it('keeps boxes per deck under its own versioned key', () => {
    const storage = memory();
    new DeckStore(storage).saveBoxes('deck', { a: 2 });
    expect(JSON.parse(storage.data.get(DECK_STATE_KEY)!)).toEqual({ version: 1, decks: { deck: { boxes: { a: 2 } } } });
    expect(new DeckStore(storage).boxes('deck')).toEqual({ a: 2 });
    expect(new DeckStore(storage).boxes('other')).toEqual({});
  });

  it('drops what is corrupt, entry by entry', () => {
    expect(parseDeckStates('{not json').decks).toEqual({});
    expect(parseDeckStates(JSON.stringify({ version: 2, decks: { d: { boxes: { a: 1 } } } })).decks).toEqual({});
    const text = JSON.stringify({ version: 1, decks: { d: { boxes: { a: 2, b: 99, c: '3', e: 1.5, f: 3 } }, broken: 'x' } });
    expect(parseDeckStates(text).decks).toEqual({ d: { boxes: { a: 2, f: 3 } } });
  });

  it('works from memory when storage throws', () => {
    const store = new DeckStore({ getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); } });
    store.saveBoxes('deck', { a: 3 });
    expect(store.boxes('deck')).toEqual({ a: 3 });
  });
});

describe('stepwise validate checks decks', () => {
  const temps: string[] = [];
  afterAll(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('reports a broken deck and a lesson that embeds a missing one, as file: field: reason', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'stepwise-decks-'));
    temps.push(root);
    await mkdir(path.join(root, 'exercises/some-deck'), { recursive: true });
    await mkdir(path.join(root, 'lessons/course'), { recursive: true });
    await writeFile(path.join(root, 'exercises/some-deck/flashcards.yaml'), stringify(deck((d) => delete d.cards[0]!.front)));
    await writeFile(path.join(root, 'lessons/course/course.yaml'), stringify({ title: 'Course', summary: 'A course.', order: 1 }));
    const lesson = (id: string, order: number) => `---\ntitle: Cards\nsummary: Cards.\norder: ${order}\nminutes: 5\nmode: Flashcards\nkind: practise\n---\nimport Flashcards from '../../src/components/Flashcards.astro';\n\n<Flashcards id="${id}" />\n`;
    await writeFile(path.join(root, 'lessons/course/cards.mdx'), lesson('some-deck', 1));
    await writeFile(path.join(root, 'lessons/course/typo.mdx'), lesson('some-dek', 2));
    const problems: AuthoringProblem[] = (await validateProject(root)).problems;
    expect(problems.map(formatProblem)).toEqual([
      'exercises/some-deck/flashcards.yaml: cards.1.front: is required',
      'lessons/course/typo.mdx: <Flashcards>: embeds deck "some-dek", which is not in exercises/ (as flashcards.yaml)',
    ]);
  });
});
