import { browserProgressStore, type ProgressStore } from '../lib/progress/store.ts';
import type { AnswerKey, KeyedQuestion } from '../lib/quiz/answer-key.ts';
import { formatScore, recordAttempt, scoreQuiz, type QuizResult } from '../lib/quiz/scoring.ts';
import { applyOrder, shuffledOrder } from '../lib/quiz/shuffle.ts';

/*
 * Behaviour for the server-rendered quizzes of src/components/Quiz.astro. Grading and best
 * scores live in src/lib/quiz; this file only reads and changes the DOM.
 */

interface QuizView {
  root: HTMLElement;
  key: AnswerKey;
  store: ProgressStore;
  items: HTMLElement[];
  status: HTMLElement;
  results: HTMLElement;
}

/** Adds behaviour to every quiz under `root` (each one independent, so a page may hold several). */
export function enhanceQuizzes(root: ParentNode): void {
  const store = browserProgressStore();
  for (const element of root.querySelectorAll<HTMLElement>('[data-quiz]')) {
    if (element.dataset.enhanced) continue;
    element.dataset.enhanced = 'true';
    const key = JSON.parse(element.querySelector('[data-answer-key]')!.textContent!) as AnswerKey;
    const view: QuizView = {
      root: element,
      key,
      store,
      items: key.questions.map((question) => element.querySelector<HTMLElement>(`[data-question="${question.id}"]`)!),
      status: element.querySelector<HTMLElement>('[data-status]')!,
      results: element.querySelector<HTMLElement>('[data-results]')!,
    };
    showBest(view);
    if (key.mode === 'practice') enhancePractice(view);
    else enhanceTest(view);
  }
}

const button = (scope: ParentNode, action: string) => scope.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
const radios = (item: HTMLElement) => [...item.querySelectorAll<HTMLInputElement>('input[type="radio"]')];

function chosenOption(item: HTMLElement): number | undefined {
  const checked = radios(item).find((radio) => radio.checked);
  return checked ? Number(checked.value) : undefined;
}

/**
 * Live regions announce changes only; clearing first and setting the text a moment later makes
 * a repeated message heard again. (A timeout, not requestAnimationFrame, which pauses in
 * background tabs.)
 */
function announce(view: QuizView, message: string): void {
  view.status.textContent = '';
  view.status.classList.remove('is-score');
  setTimeout(() => (view.status.textContent = message), 50);
}

function showBest(view: QuizView): void {
  const best = view.store.quiz(view.key.id).best;
  const element = view.root.querySelector<HTMLElement>('[data-best]')!;
  element.hidden = !best;
  if (best) element.textContent = `Best score: ${formatScore(best)}`;
}

function saveAttempt(view: QuizView, result: QuizResult): void {
  view.store.updateQuiz(view.key.id, (progress) => recordAttempt(progress, result));
  showBest(view);
  document.dispatchEvent(new CustomEvent('stepwise:progress'));
}

function verdictText(question: KeyedQuestion, chosen: number | undefined, item: HTMLElement): string {
  if (chosen === undefined) return 'Not answered.';
  if (chosen === question.correct) return 'Correct!';
  const text = item.querySelector(`input[value="${chosen}"]`)?.closest('label')?.querySelector('.option-text')?.textContent;
  return `Not quite: you chose “${text}”.`;
}

/** Locks a question and shows whether it was right, with its explanation. */
function reveal(item: HTMLElement, question: KeyedQuestion, chosen: number | undefined): void {
  for (const radio of radios(item)) {
    radio.disabled = true;
    const value = Number(radio.value);
    const label = radio.closest('label')!;
    const mark = label.querySelector('.mark')!;
    label.classList.toggle('is-correct', value === question.correct);
    label.classList.toggle('is-wrong', value === chosen && value !== question.correct);
    mark.textContent = value === question.correct ? '✓' : value === chosen ? '✗' : '';
  }
  const verdict = item.querySelector<HTMLElement>('[data-verdict]')!;
  verdict.textContent = verdictText(question, chosen, item);
  verdict.className = `verdict ${chosen === question.correct ? 'right' : 'wrong'}`;
  item.querySelector<HTMLElement>('.explanation')!.hidden = false;
}

function resetQuestion(item: HTMLElement): void {
  for (const radio of radios(item)) {
    radio.checked = false;
    radio.disabled = false;
    const label = radio.closest('label')!;
    label.classList.remove('is-correct', 'is-wrong');
    label.querySelector('.mark')!.textContent = '';
  }
  item.querySelector<HTMLElement>('.explanation')!.hidden = true;
}

/** Fills the results panel (score per difficulty, one line per question), shows it and announces the score. */
function showResults(view: QuizView, result: QuizResult): void {
  for (const [difficulty, tally] of Object.entries(result.byDifficulty)) {
    const cell = view.results.querySelector(`[data-difficulty-score="${difficulty}"] span`);
    if (cell) cell.textContent = String(tally.score);
  }
  for (const question of result.questions) {
    const verdict = view.results.querySelector(`[data-summary="${question.id}"] [data-summary-verdict]`)!;
    verdict.textContent = question.chosen === undefined ? '— not answered' : question.isCorrect ? '— right' : '— wrong';
    verdict.className = question.isCorrect ? 'right' : 'wrong';
  }
  view.results.hidden = false;
  // Exactly "Score: N / M": the per-difficulty scores are in the results panel below it. Focus
  // goes to the score itself (read out on focus), so the student starts from it, not below it.
  view.status.textContent = `Score: ${formatScore(result)}`;
  view.status.classList.add('is-score');
  view.status.tabIndex = -1;
  view.status.focus({ preventScroll: true });
  view.status.scrollIntoView({ block: 'start', behavior: 'instant' });
}

/** One question at a time; the first "Check answer" of each question is the one that counts. */
function enhancePractice(view: QuizView): void {
  const { root, key, items } = view;
  const checked = new Map<string, number>();
  const previous = button(root, 'previous');
  const next = button(root, 'next');
  const pager = previous.parentElement!;
  let current = 0;
  let recorded = false;

  const show = (index: number, focus = true) => {
    current = index;
    items.forEach((item, i) => (item.hidden = i !== index));
    view.results.hidden = true;
    pager.hidden = false;
    previous.disabled = index === 0;
    next.textContent = index === items.length - 1 ? 'See summary' : 'Next';
    if (focus) items[index]!.focus();
  };

  const showSummary = () => {
    const result = scoreQuiz(key, Object.fromEntries(checked));
    items.forEach((item) => (item.hidden = true));
    pager.hidden = true;
    if (!recorded) saveAttempt(view, result);
    recorded = true;
    showResults(view, result);
  };

  key.questions.forEach((question, index) => {
    const item = items[index]!;
    const hintButton = button(item, 'hint');
    const checkButton = button(item, 'check');
    const hint = item.querySelector<HTMLElement>('.hint')!;
    hintButton.addEventListener('click', () => {
      hint.hidden = !hint.hidden;
      hintButton.setAttribute('aria-expanded', String(!hint.hidden));
      hintButton.textContent = hint.hidden ? 'Show hint' : 'Hide hint';
    });
    checkButton.addEventListener('click', () => {
      const chosen = chosenOption(item);
      if (chosen === undefined) {
        announce(view, 'Choose an answer first.');
        return;
      }
      checked.set(question.id, chosen);
      reveal(item, question, chosen);
      checkButton.hidden = true;
      const right = [...checked].filter(([id, option]) => key.questions.find((q) => q.id === id)!.correct === option).length;
      announce(view, `${chosen === question.correct ? 'Correct!' : 'Not quite.'} ${checked.size} of ${items.length} checked, ${right} right so far.`);
      // The button just disappeared; move focus to what the student reads next.
      item.querySelector<HTMLElement>('.explanation')!.focus();
    });
  });

  previous.addEventListener('click', () => show(current - 1));
  next.addEventListener('click', () => (current === items.length - 1 ? showSummary() : show(current + 1)));
  for (const link of root.querySelectorAll<HTMLAnchorElement>('[data-goto]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      show(Number(link.dataset.goto));
    });
  }
  button(root, 'restart').addEventListener('click', () => {
    checked.clear();
    recorded = false;
    items.forEach((item) => {
      resetQuestion(item);
      button(item, 'check').hidden = false;
    });
    announce(view, '');
    show(0);
  });
  show(0, false);
}

/** All questions at once; nothing is revealed until "Submit test". */
function enhanceTest(view: QuizView): void {
  const { root, key, items } = view;
  const submit = button(root, 'submit');

  submit.addEventListener('click', () => {
    const unanswered = items.filter((item) => chosenOption(item) === undefined);
    if (unanswered.length > 0) {
      const count = unanswered.length === 1 ? 'One question has' : `${unanswered.length} questions have`;
      if (!window.confirm(`${count} no answer yet and will count as wrong. Submit anyway?`)) {
        unanswered[0]!.focus();
        return;
      }
    }
    const answers = Object.fromEntries(key.questions.map((question, index) => [question.id, chosenOption(items[index]!)]));
    const result = scoreQuiz(key, answers);
    key.questions.forEach((question, index) => reveal(items[index]!, question, answers[question.id]));
    submit.hidden = true;
    saveAttempt(view, result);
    showResults(view, result);
  });

  button(root, 'restart').addEventListener('click', () => {
    for (const item of items) {
      resetQuestion(item);
      // A new order each attempt, so a retake tests the ideas rather than the positions.
      const options = item.querySelector('.options')!;
      const labels = [...options.querySelectorAll('label')];
      options.append(...applyOrder(labels, shuffledOrder(labels.length)));
    }
    view.results.hidden = true;
    submit.hidden = false;
    announce(view, 'New attempt: the options are in a new order.');
    items[0]!.focus();
  });
}
