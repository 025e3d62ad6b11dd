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
      step.status.python = 'passed';
    });
    store.updateQuiz('quiz', (quiz) => {
      quiz.attempts += 1;
      quiz.best = { score: 7, total: 10 };
    });
    const again = new ProgressStore(storage);
    expect(again.exercise('ex').steps.one).toEqual({ code: { python: 'x = 1' }, status: { python: 'passed' }, hintsShown: {} });
    expect(again.quiz('quiz')).toEqual({ attempts: 1, best: { score: 7, total: 10 } });
  });

  it('ignores corrupted, foreign or older data without throwing', () => {
    for (const text of ['{not json', '[]', '{"version":0,"exercises":{}}', 'null', '{"version":1,"exercises":[]}']) {
      expect(parseProgress(text)).toEqual({ version: 2, exercises: {}, quizzes: {} });
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
    expect(progress.exercises.ex).toEqual({ steps: { one: { code: { python: 'ok' }, status: {}, hintsShown: {} } } });
    expect(progress.quizzes.q).toEqual({ attempts: 0 });
  });

  it('carries version 1 progress over to the language that earned it', () => {
    const progress = parseProgress(
      JSON.stringify({
        version: 1,
        exercises: {
          ex: {
            language: 'javascript',
            steps: {
              pythonOnly: { code: { python: 'a' }, status: 'passed', hintsShown: 2 },
              both: { code: { python: 'a', javascript: 'b' }, status: 'solved-with-help' },
              untouched: { code: {}, status: 'passed' },
            },
          },
        },
      }),
    );
    const steps = progress.exercises.ex!.steps;
    expect(steps.pythonOnly).toEqual({ code: { python: 'a' }, status: { python: 'passed' }, hintsShown: { python: 2 } });
    expect(steps.both!.status).toEqual({ javascript: 'solved-with-help' });
    expect(steps.untouched!.status).toEqual({});
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
