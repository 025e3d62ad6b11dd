import { DeckStore } from '../lib/flashcards/deck-store.ts';
import { boxCounts, boxOf, rate, RETRY_GAP, startSession, type Boxes, type Rating, type Session } from '../lib/flashcards/leitner.ts';
import type { Card } from '../lib/flashcards/schema.ts';

/*
 * Behaviour for src/components/Flashcards.astro: one card at a time, flipped by the card
 * button itself (so click, Space and Enter all work natively), rated with the buttons or the
 * K and N keys. Scheduling lives in src/lib/flashcards/leitner.ts; this file only reads and
 * changes the DOM.
 */

interface DeckData {
  id: string;
  highestBox: number;
  cards: Card[];
}

interface DeckView {
  deck: DeckData;
  store: DeckStore;
  boxes: Boxes;
  session: Session;
  flipped: boolean;
  player: HTMLElement;
  card: HTMLButtonElement;
  inner: HTMLElement;
  faces: Record<'front' | 'back', HTMLElement>;
  texts: Record<'front' | 'back', HTMLElement>;
  ratingButtons: Record<Rating, HTMLButtonElement>;
  left: HTMLElement;
  box: HTMLElement;
  status: HTMLElement;
  boxesLine: HTMLElement;
  done: HTMLElement;
  summary: HTMLElement;
}

function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** Adds behaviour to every deck under `root`. */
export function enhanceFlashcards(root: ParentNode): void {
  const store = new DeckStore(browserStorage());
  for (const element of root.querySelectorAll<HTMLElement>('[data-flashcards]')) {
    if (element.dataset.enhanced) continue;
    element.dataset.enhanced = 'true';
    const deck = JSON.parse(element.querySelector('[data-deck]')!.textContent!) as DeckData;
    const find = <T extends HTMLElement>(selector: string) => element.querySelector<T>(selector)!;
    const boxes = store.boxes(deck.id);
    const view: DeckView = {
      deck,
      store,
      boxes,
      session: startSession(cardIds(deck), boxes),
      flipped: false,
      player: find('[data-player]'),
      card: find('[data-card]'),
      inner: find('[data-card-inner]'),
      faces: { front: find('[data-face="front"]'), back: find('[data-face="back"]') },
      texts: { front: find('[data-text="front"]'), back: find('[data-text="back"]') },
      ratingButtons: { knew: find('[data-action="knew"]'), 'not-yet': find('[data-action="not-yet"]') },
      left: find('[data-left]'),
      box: find('[data-box]'),
      status: find('[data-status]'),
      boxesLine: find('[data-boxes]'),
      done: find('[data-done]'),
      summary: find('[data-summary]'),
    };
    view.card.addEventListener('click', () => flip(view));
    view.ratingButtons.knew.addEventListener('click', () => rateCurrent(view, 'knew'));
    view.ratingButtons['not-yet'].addEventListener('click', () => rateCurrent(view, 'not-yet'));
    find('[data-action="restart"]').addEventListener('click', () => restart(view));
    element.addEventListener('keydown', (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || view.player.hidden) return;
      const rating = ({ k: 'knew', n: 'not-yet' } as const)[event.key.toLowerCase() as 'k' | 'n'];
      if (!rating) return;
      event.preventDefault();
      rateCurrent(view, rating);
    });
    view.player.hidden = false;
    showCard(view);
  }
}

const cardIds = (deck: DeckData) => deck.cards.map((card) => card.id);
const cardById = (view: DeckView, id: string) => view.deck.cards.find((card) => card.id === id)!;

/**
 * Live regions announce changes only; clearing first makes a repeated message heard again.
 * `spoken` is read out but not shown (the answer is already on the card for sighted students).
 */
function announce(view: DeckView, message: string, spoken = ''): void {
  view.status.textContent = '';
  setTimeout(() => {
    if (spoken) {
      const hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = `${spoken} `;
      view.status.append(hidden);
    }
    view.status.append(message);
  }, 50);
}

function setFlipped(view: DeckView, flipped: boolean): void {
  view.flipped = flipped;
  view.card.classList.toggle('is-flipped', flipped);
  // Only the side facing the student is read out; the other is turned away.
  view.faces.front.setAttribute('aria-hidden', String(flipped));
  view.faces.back.setAttribute('aria-hidden', String(!flipped));
  view.ratingButtons.knew.disabled = !flipped;
  view.ratingButtons['not-yet'].disabled = !flipped;
}

function flip(view: DeckView): void {
  setFlipped(view, !view.flipped);
  const card = cardById(view, view.session.queue[0]!);
  if (view.flipped) announce(view, 'Did you know it? Rate the card.', `Answer: ${card.back}.`);
  else announce(view, 'Question side up again.', `Question: ${card.front}`);
}

/** Puts the queue's first card on screen, front up, without animating the turn back. */
function showCard(view: DeckView): void {
  const id = view.session.queue[0];
  view.boxesLine.textContent = boxesText(view);
  if (id === undefined) return finishRound(view);
  const card = cardById(view, id);
  // Turning the old card back would show the new answer mid-turn, so the reset is instant.
  view.inner.classList.add('no-motion');
  setFlipped(view, false);
  view.texts.front.textContent = card.front;
  view.texts.back.textContent = card.back;
  void view.inner.offsetWidth; // apply the instant reset before motion is allowed again
  view.inner.classList.remove('no-motion');
  view.card.dataset.cardId = card.id;
  const left = view.session.queue.length;
  view.left.textContent = `${left} card${left === 1 ? '' : 's'} left in this round`;
  view.box.textContent = `Box ${boxOf(view.boxes, id)} of ${view.deck.highestBox}`;
}

function rateCurrent(view: DeckView, rating: Rating): void {
  const id = view.session.queue[0];
  if (id === undefined) return;
  if (!view.flipped) {
    announce(view, 'Flip the card first, then rate it.');
    return;
  }
  const next = rate(view.session, view.boxes, rating);
  view.session = next.session;
  view.boxes = next.boxes;
  view.store.saveBoxes(view.deck.id, view.boxes);
  const gap = Math.min(RETRY_GAP, view.session.queue.length - 1);
  announce(
    view,
    rating === 'knew'
      ? `Knew it: moved to box ${boxOf(view.boxes, id)}.`
      : gap > 0 ? `Not yet: back to box 1; it returns after ${gap} more card${gap === 1 ? '' : 's'}.` : 'Not yet: back to box 1; try it once more.',
  );
  showCard(view);
  if (!view.player.hidden) view.card.focus();
}

function boxesText(view: DeckView): string {
  const [learning, ...rest] = boxCounts(cardIds(view.deck), view.boxes);
  const known = rest.pop();
  const middle = rest.map((count, index) => `box ${index + 2}: ${count}`);
  return [`Box 1 (learning): ${learning}`, ...middle, `box ${view.deck.highestBox} (known): ${known}`].join(' · ');
}

function finishRound(view: DeckView): void {
  const total = view.deck.cards.length;
  const missed = view.session.missed.map((id) => `“${cardById(view, id).front}”`);
  view.summary.textContent =
    missed.length === 0
      ? `You knew all ${total} cards the first time.`
      : `You knew ${total - missed.length} of ${total} cards the first time. These needed another look, and open the next round: ${missed.join(', ')}.`;
  view.player.hidden = true;
  view.done.hidden = false;
  view.done.focus();
  announce(view, 'Round complete.');
}

function restart(view: DeckView): void {
  view.session = startSession(cardIds(view.deck), view.boxes);
  view.done.hidden = true;
  view.player.hidden = false;
  showCard(view);
  view.card.focus();
  announce(view, 'New round: the cards you find hardest come first.');
}
