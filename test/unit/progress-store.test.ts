import { describe, expect, it } from 'vitest';
import { parseProgress, PROGRESS_KEY, ProgressStore } from '../../src/lib/progress/store.ts';

function memoryStorage(initial?: string) {
  const data = new Map<string, string>(initial === undefined ? [] : [[PROGRESS_KEY, initial]]);
  return { getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value), data };
}

describe('progress store', () => {
  it('saves code and status and reads them back', () => {
    const storage = memoryStorage();
    const store = new ProgressStore(storage);
    store.updateStep('ex', 'one', (step) => {
      step.code.python = 'x = 1';
      step.status = 'passed';
    });
    store.updateQuiz('quiz', (quiz) => {
      quiz.attempts += 1;
      quiz.best = { score: 7, total: 10 };
    });
    const again = new ProgressStore(storage);
    expect(again.exercise('ex').steps.one).toEqual({ code: { python: 'x = 1' }, status: 'passed' });
    expect(again.quiz('quiz')).toEqual({ attempts: 1, best: { score: 7, total: 10 } });
  });

  it('ignores corrupted, foreign or older data without throwing', () => {
    for (const text of ['{not json', '[]', '{"version":0,"exercises":{}}', 'null', '{"version":1,"exercises":[]}']) {
      expect(parseProgress(text)).toEqual({ version: 1, exercises: {}, quizzes: {} });
    }
  });

  it('keeps the sound parts of partly damaged data', () => {
    const progress = parseProgress(
      JSON.stringify({
        version: 1,
        exercises: { ex: { language: 'cobol', steps: { one: { code: { python: 'ok', rust: 'no', javascript: 5 }, status: 'genius', hintsShown: -1 }, two: 'x' } } },
        quizzes: { q: { attempts: 'many', best: { score: 11, total: 10 } } },
      }),
    );
    expect(progress.exercises.ex).toEqual({ steps: { one: { code: { python: 'ok' } } } });
    expect(progress.quizzes.q).toEqual({ attempts: 0 });
  });

  it('keeps working in memory when storage refuses access', () => {
    const store = new ProgressStore({
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    });
    store.updateStep('ex', 'one', (step) => (step.code.javascript = 'ok'));
    expect(store.exercise('ex').steps.one!.code.javascript).toBe('ok');
  });
});
