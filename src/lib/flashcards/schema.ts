import { z } from 'astro/zod';

/** A missing field and a field of the wrong type are different mistakes; say which one it is. */
const requiredAs = (kind: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${kind}`;

const slug = z
  .string({ error: requiredAs('text') })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens, e.g. "conversion-rate"');

const text = z.string({ error: requiredAs('text') }).trim().min(1, 'must not be empty');

export const cardSchema = z.strictObject({
  /** Stable name of the card: the student's Leitner box is saved under it, so renaming resets it. */
  id: slug,
  /** What the card is about ("KPIs"); lets a test prove the deck covers its topics. */
  topic: text,
  /** The prompt side, shown first. */
  front: text,
  /** The answer side, shown after a flip. */
  back: text,
});

export const deckSchema = z
  .strictObject({
    id: slug,
    title: text,
    /** One or two sentences shown above the cards. */
    intro: text.optional(),
    cards: z.array(cardSchema, { error: requiredAs('a list of cards') }).min(2, 'needs at least two cards'),
  })
  .superRefine((deck, ctx) => {
    const first = new Map<string, number>();
    deck.cards.forEach((card, index) => {
      const earlier = first.get(card.id);
      if (earlier === undefined) first.set(card.id, index);
      else ctx.addIssue({ code: 'custom', path: ['cards', index, 'id'], message: `duplicate card id "${card.id}" (card ${earlier + 1} has it too)` });
    });
    const fronts = new Map<string, number>();
    deck.cards.forEach((card, index) => {
      const key = card.front.toLowerCase();
      const earlier = fronts.get(key);
      if (earlier === undefined) fronts.set(key, index);
      else ctx.addIssue({ code: 'custom', path: ['cards', index, 'front'], message: `repeats the front of card ${earlier + 1}` });
    });
  });

export type Deck = z.infer<typeof deckSchema>;
export type Card = z.infer<typeof cardSchema>;
