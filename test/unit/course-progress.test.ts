import { describe, expect, it } from 'vitest';
import { continueTarget, courseProgress, nextAfter, pageStatus, recommendedPath, type CoursePage } from '../../src/lib/progress/course-progress.ts';
import { ProgressStore } from '../../src/lib/progress/store.ts';

const page = (id: string, kind: CoursePage['kind'], extra: Partial<CoursePage> = {}): CoursePage => ({
  id: `c/${id}`, href: `/lessons/c/${id}/`, title: id, mode: id, kind, minutes: 5, ...extra,
});
// A course in its order, shaped like the segmentation course.
const pages = [
  page('explain', 'read'),
  page('steps', 'step'),
  page('deep', 'read'),
  page('project', 'build', { exercise: { id: 'ex', steps: ['a', 'b'], languages: ['python', 'javascript'] } }),
  page('more', 'build', { exercise: { id: 'ex2', steps: ['a'], languages: ['python', 'javascript'] } }),
  page('practice', 'practise', { quiz: 'pq' }),
  page('test', 'test', { quiz: 'tq' }),
];
const ids = (list: (CoursePage | undefined)[]) => list.map((p) => p?.id.slice(2));

function memoryStore(): ProgressStore {
  const data = new Map<string, string>();
  return new ProgressStore({ getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) });
}

describe('course progress', () => {
  it('recommends the first page of each kind: explanation, step-by-step, build, practice, test', () => {
    expect(ids(recommendedPath(pages))).toEqual(['explain', 'steps', 'project', 'practice', 'test']);
    expect(ids(recommendedPath(pages, true))).toEqual(['test', 'explain', 'steps', 'project', 'practice']);
    expect(recommendedPath([])).toEqual([]);
  });

  it('tells done, started and a summary for each kind of page', () => {
    const store = memoryStore();
    expect(pageStatus(pages[0]!, store)).toEqual({ done: false, started: false, share: 0, summary: 'Not read yet' });
    store.markPageRead('c/explain', true);
    expect(pageStatus(pages[0]!, store)).toEqual({ done: true, started: true, share: 1, summary: 'Read' });

    store.updateStep('ex', 'a', (step) => (step.status.python = 'passed'));
    expect(pageStatus(pages[3]!, store)).toEqual({ done: false, started: true, share: 0.5, summary: '1 / 2 steps' });
    store.updateStep('ex', 'b', (step) => (step.status.python = 'solved-with-help'));
    expect(pageStatus(pages[3]!, store).done).toBe(true);

    expect(pageStatus(pages[6]!, store).summary).toBe('Not taken yet');
    store.updateQuiz('tq', (quiz) => (quiz.best = { score: 3, total: 10 }));
    expect(pageStatus(pages[6]!, store)).toEqual({ done: true, started: true, share: 1, summary: 'Best score: 3 / 10' });
  });

  it('counts a step done only in the language the exercise page shows', () => {
    const store = memoryStore();
    store.updateStep('ex', 'a', (step) => (step.status.javascript = 'passed'));
    store.updateStep('ex', 'b', (step) => (step.status.javascript = 'passed'));
    // Python is the exercise's default language, and nothing is done in it yet.
    expect(pageStatus(pages[3]!, store).summary).toBe('0 / 2 steps');
    store.updateExercise('ex', (exercise) => (exercise.language = 'javascript'));
    expect(pageStatus(pages[3]!, store)).toEqual({ done: true, started: true, share: 1, summary: '2 / 2 steps' });
    expect(courseProgress(pages, store)).toEqual({ done: 1, started: true, share: 1, total: pages.length });
    store.updateStep('ex2', 'a', (step) => (step.status.javascript = 'passed'));
    // ex2 is shown in Python, its default: a JavaScript pass there does not count.
    expect(courseProgress(pages, store).share).toBe(1);
  });

  it('continues with the first unfinished page on the path, then the rest, then nothing', () => {
    const store = memoryStore();
    expect(continueTarget(pages, store)?.id).toBe('c/explain');
    expect(continueTarget(pages, store, true)?.id).toBe('c/test');
    store.markPageRead('c/explain', true);
    store.markPageRead('c/steps', true);
    store.updateStep('ex', 'a', (step) => (step.status.python = 'passed'));
    store.updateStep('ex', 'b', (step) => (step.status.python = 'passed'));
    store.updateQuiz('pq', (quiz) => (quiz.best = { score: 5, total: 5 }));
    store.updateQuiz('tq', (quiz) => (quiz.best = { score: 9, total: 10 }));
    expect(continueTarget(pages, store)?.id).toBe('c/deep');
    store.markPageRead('c/deep', true);
    store.updateStep('ex2', 'a', (step) => (step.status.python = 'passed'));
    expect(continueTarget(pages, store)).toBeUndefined();
  });

  it('after a page, suggests the next unfinished one on the path, wrapping to its start', () => {
    const store = memoryStore();
    expect(nextAfter(pages, 'c/explain', store)?.id).toBe('c/steps');
    // A test taken first sends the student to the start of the path.
    expect(nextAfter(pages, 'c/test', store)?.id).toBe('c/explain');
    // A page off the path leads back onto it.
    expect(nextAfter(pages, 'c/deep', store)?.id).toBe('c/explain');
    for (const id of ['c/explain', 'c/steps']) store.markPageRead(id, true);
    store.updateQuiz('pq', (quiz) => (quiz.best = { score: 1, total: 5 }));
    store.updateQuiz('tq', (quiz) => (quiz.best = { score: 1, total: 10 }));
    expect(nextAfter(pages, 'c/practice', store)?.id).toBe('c/project');
    store.updateStep('ex', 'a', (step) => (step.status.python = 'passed'));
    store.updateStep('ex', 'b', (step) => (step.status.python = 'passed'));
    expect(nextAfter(pages, 'c/project', store)?.id).toBe('c/deep');
    store.markPageRead('c/deep', true);
    store.updateStep('ex2', 'a', (step) => (step.status.python = 'passed'));
    expect(nextAfter(pages, 'c/more', store)).toBeUndefined();
  });

  it('keeps "read" marks across visits and ignores malformed ones', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value) };
    new ProgressStore(storage).markPageRead('c/explain', true);
    expect(new ProgressStore(storage).pageRead('c/explain')).toBe(true);
    const saved = JSON.parse([...data.values()][0]!);
    saved.readPages = { 'c/explain': 'yes', 'c/steps': true };
    data.set([...data.keys()][0]!, JSON.stringify(saved));
    const again = new ProgressStore(storage);
    expect([again.pageRead('c/explain'), again.pageRead('c/steps')]).toEqual([false, true]);
    again.markPageRead('c/steps', false);
    expect(new ProgressStore(storage).pageRead('c/steps')).toBe(false);
  });
});
