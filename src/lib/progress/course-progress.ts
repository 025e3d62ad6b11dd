import type { z } from 'astro/zod';
import type { lessonSchema } from '../content/schemas.ts';
import type { Language } from '../runner/protocol.ts';
import { countDone, shownLanguage } from './exercise-state.ts';
import type { ProgressStore } from './store.ts';

export type LessonKind = z.infer<typeof lessonSchema>['kind'];

/**
 * One page of a course as the course page and the lesson sidebar need it: enough to link to it
 * and to tell from saved progress whether the student finished it. Built from the content at
 * build time and handed to the browser as JSON.
 */
export interface CoursePage {
  /** The lesson id, `<course>/<page>`. */
  id: string;
  href: string;
  title: string;
  mode: string;
  kind: LessonKind;
  minutes: number;
  /**
   * The embedded exercise, its step ids and languages: the page is done when every step is, in
   * the language the exercise page shows (the same count as the page's own).
   */
  exercise?: { id: string; steps: string[]; languages: Language[] };
  /** The embedded quiz: the page is done once the quiz was finished (a best score exists). */
  quiz?: string;
}

export interface PageStatus {
  done: boolean;
  /** Something was saved here (a step passed, a quiz taken, the page read). */
  started: boolean;
  /** How much of the page is done, from 0 to 1 (an exercise's share of passed steps). */
  share: number;
  /** What a card says about the student's progress: "2 / 4 steps", "Best score: 7 / 10", "Read". */
  summary: string;
}

/** The parts of the progress store this module reads. */
export type ProgressReader = Pick<ProgressStore, 'exercise' | 'quiz' | 'pageRead'>;

/** How far the student is on one page, from saved progress alone. */
export function pageStatus(page: CoursePage, progress: ProgressReader): PageStatus {
  if (page.exercise) {
    const saved = progress.exercise(page.exercise.id);
    const total = page.exercise.steps.length;
    const done = countDone(saved, page.exercise.steps, shownLanguage(saved, page.exercise.languages));
    return { done: total > 0 && done === total, started: done > 0, share: total > 0 ? done / total : 0, summary: `${done} / ${total} steps` };
  }
  if (page.quiz) {
    const best = progress.quiz(page.quiz).best;
    return best ? { done: true, started: true, share: 1, summary: `Best score: ${best.score} / ${best.total}` } : { done: false, started: false, share: 0, summary: 'Not taken yet' };
  }
  const read = progress.pageRead(page.id);
  return { done: read, started: read, share: read ? 1 : 0, summary: read ? 'Read' : 'Not read yet' };
}

/** The order of the recommended path: explanation, step-by-step, a build, practice, then the test. */
const PATH_KINDS: readonly LessonKind[] = ['read', 'step', 'build', 'practise', 'test'];

/**
 * The recommended path through a course (`pages` in course order): the first page of each kind, in the order
 * of {@link PATH_KINDS}. `testFirst` puts the test at the front, for a student who would rather
 * find out what they know before reading.
 */
export function recommendedPath(pages: readonly CoursePage[], testFirst = false): CoursePage[] {
  const path = PATH_KINDS.flatMap((kind) => pages.find((page) => page.kind === kind) ?? []);
  if (!testFirst) return path;
  return [...path.filter((page) => page.kind === 'test'), ...path.filter((page) => page.kind !== 'test')];
}

/** The whole course in the order we suggest it: the recommended path, then every other page in course order. */
export function studyOrder(pages: readonly CoursePage[], testFirst = false): CoursePage[] {
  const path = recommendedPath(pages, testFirst);
  return [...path, ...pages.filter((page) => !path.includes(page))];
}

/** Where "Continue" leads: the first unfinished page in study order, or none when all are done. */
export function continueTarget(pages: readonly CoursePage[], progress: ProgressReader, testFirst = false): CoursePage | undefined {
  return studyOrder(pages, testFirst).find((page) => !pageStatus(page, progress).done);
}

/**
 * What to do after finishing `currentId`: the next unfinished page of the recommended path
 * (looking past the current page first, then from the start), then the other pages in course
 * order; none when everything is finished.
 */
export function nextAfter(pages: readonly CoursePage[], currentId: string, progress: ProgressReader, testFirst = false): CoursePage | undefined {
  const path = recommendedPath(pages, testFirst);
  const others = pages.filter((page) => !path.includes(page));
  const fromCurrent = (list: CoursePage[]) => {
    const at = list.findIndex((page) => page.id === currentId);
    return at < 0 ? list : [...list.slice(at + 1), ...list.slice(0, at)];
  };
  return [...fromCurrent(path), ...fromCurrent(others)].find((page) => page.id !== currentId && !pageStatus(page, progress).done);
}

/**
 * A course's progress for the home page's card: its pages done, whether any was started, and
 * the sum of their shares, so a half-finished exercise moves the bar.
 */
export function courseProgress(pages: readonly CoursePage[], progress: ProgressReader): { done: number; started: boolean; share: number; total: number } {
  const statuses = pages.map((page) => pageStatus(page, progress));
  return {
    done: statuses.filter((status) => status.done).length,
    started: statuses.some((status) => status.started),
    share: statuses.reduce((sum, status) => sum + status.share, 0),
    total: pages.length,
  };
}
