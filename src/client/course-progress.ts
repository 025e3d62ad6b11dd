/**
 * Fills the course page and a lesson page's course navigation with the student's progress,
 * which lives in this browser only: card statuses, ticks, the Continue link, where the test
 * goes, "Mark as read", and the message that says what comes next once a page is finished.
 * The pages work without it: every link is in the HTML.
 *
 * Exercise and quiz scripts announce saved progress with a `stepwise:progress` event on
 * `document`; this script recomputes on it.
 */
import { continueTarget, nextAfter, pageStatus, recommendedPath, type CoursePage } from '../lib/progress/course-progress.ts';
import type { CourseData } from '../lib/course-outline.ts';
import { browserProgressStore, type ProgressStore } from '../lib/progress/store.ts';

export const PROGRESS_EVENT = 'stepwise:progress';
/** A preference, not progress: whether the student takes the test before the other modes. */
const TEST_FIRST_KEY = 'stepwise:test-first';

const dataElement = document.getElementById('stepwise-course');
if (dataElement) start(JSON.parse(dataElement.textContent ?? '') as CourseData);

function testFirst(): boolean {
  try {
    return localStorage.getItem(TEST_FIRST_KEY) === 'yes';
  } catch {
    return false;
  }
}

function setTestFirst(value: boolean): void {
  try {
    localStorage.setItem(TEST_FIRST_KEY, value ? 'yes' : 'no');
  } catch {
    // Blocked storage: the choice holds for this page view only.
  }
}

function start(course: CourseData): void {
  let store = browserProgressStore();
  const wasDone = new Map(course.pages.map((page) => [page.id, pageStatus(page, store).done]));

  const render = () => {
    for (const page of course.pages) {
      const status = pageStatus(page, store);
      for (const element of document.querySelectorAll<HTMLElement>(`[data-page="${CSS.escape(page.id)}"]`)) {
        element.toggleAttribute('data-done', status.done);
        const doneText = element.querySelector('[data-done-text]');
        if (doneText) doneText.textContent = status.done ? ' (finished)' : '';
      }
      for (const element of document.querySelectorAll(`[data-page-status="${CSS.escape(page.id)}"]`)) element.textContent = status.summary;
    }
    showContinue(course, store);
    showNavCount(course, store);
  };

  placeTest(course);
  setUpTestChoice(course, render);
  setUpMarkAsRead(course);
  setUpNavToggle();
  render();

  document.addEventListener(PROGRESS_EVENT, () => {
    // Another script saved through its own store instance; read the saved state afresh.
    store = browserProgressStore();
    render();
    if (!course.current) return;
    const current = course.pages.find((page) => page.id === course.current)!;
    const done = pageStatus(current, store).done;
    // Every submitted quiz is a finish (a retake too); other pages finish once.
    if (done && (!wasDone.get(current.id) || current.quiz)) showCompletion(course, current, store);
    if (!done) hideCompletion();
    wasDone.set(current.id, done);
  });
}

function showContinue(course: CourseData, store: ProgressStore): void {
  const holder = document.querySelector<HTMLElement>('[data-continue]');
  if (!holder) return;
  const target = continueTarget(course.pages, store, testFirst());
  const started = course.pages.some((page) => pageStatus(page, store).started);
  holder.replaceChildren();
  if (!target) {
    holder.append('You have finished every page of this course. Revisit any mode below, or retake the test to keep it fresh.');
    return;
  }
  const link = document.createElement('a');
  link.className = 'continue-link';
  link.href = target.href;
  link.textContent = `${started ? 'Continue' : 'Start'} with ${target.mode}`;
  holder.append(link);
}

/** Moves the test section before or after the modes, and the test within the recommended path. */
function placeTest(course: CourseData): void {
  const tests = document.querySelector('[data-tests]');
  const modes = document.querySelector('[data-modes]');
  const path = document.querySelector('[data-path]');
  if (!tests || !modes || !path) return;
  const first = testFirst();
  if (first) modes.before(tests);
  else modes.after(tests);
  const order = recommendedPath(course.pages, first);
  for (const page of order) {
    const item = path.querySelector(`[data-page="${CSS.escape(page.id)}"]`);
    if (item) path.append(item);
  }
}

function setUpTestChoice(course: CourseData, render: () => void): void {
  const choice = document.querySelector<HTMLFieldSetElement>('[data-test-choice]');
  if (!choice) return;
  choice.hidden = false;
  const radio = (value: string) => choice.querySelector<HTMLInputElement>(`input[value="${value}"]`)!;
  radio(testFirst() ? 'before' : 'after').checked = true;
  choice.addEventListener('change', () => {
    setTestFirst(radio('before').checked);
    placeTest(course);
    render();
  });
}

function setUpMarkAsRead(course: CourseData): void {
  const button = document.querySelector<HTMLButtonElement>('[data-mark-read]');
  if (!button || !course.current) return;
  const id = course.current;
  const show = () => {
    const read = browserProgressStore().pageRead(id);
    button.setAttribute('aria-pressed', String(read));
    button.textContent = read ? '✓ Read' : 'Mark as read';
  };
  button.hidden = false;
  show();
  button.addEventListener('click', () => {
    const fresh = browserProgressStore();
    fresh.markPageRead(id, !fresh.pageRead(id));
    show();
    document.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
  });
}

/** The sidebar's toggle: a phone shows the list on demand, a wide screen always. */
function setUpNavToggle(): void {
  const toggle = document.querySelector<HTMLButtonElement>('[data-nav-toggle]');
  const list = toggle && document.getElementById(toggle.getAttribute('aria-controls')!);
  if (!toggle || !list) return;
  toggle.closest('nav')!.classList.add('is-collapsible');
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
  });
}

function showNavCount(course: CourseData, store: ProgressStore): void {
  const count = document.querySelector('[data-nav-count]');
  if (!count) return;
  const done = course.pages.filter((page) => pageStatus(page, store).done).length;
  count.textContent = `${done} of ${course.pages.length} done`;
}

function showCompletion(course: CourseData, current: CoursePage, store: ProgressStore): void {
  const region = document.querySelector<HTMLElement>('[data-completion]');
  if (!region) return;
  const next = nextAfter(course.pages, current.id, store, testFirst());
  const message = document.createElement('p');
  message.append(`You finished ${current.mode}. `);
  const link = document.createElement('a');
  if (next) {
    message.append('Next: ');
    link.href = next.href;
    link.textContent = `${next.mode} (${next.minutes} min)`;
  } else {
    message.append('That was the last page left: the whole course is done. ');
    link.href = course.href;
    link.textContent = 'Back to the course page';
  }
  message.append(link, '.');
  region.replaceChildren(message);
}

function hideCompletion(): void {
  document.querySelector('[data-completion]')?.replaceChildren();
}
