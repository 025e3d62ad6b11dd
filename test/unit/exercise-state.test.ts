import { describe, expect, it } from 'vitest';
import { countDone, markDone, resetStep, shownLanguage, verdictFreshness } from '../../src/lib/progress/exercise-state.ts';
import { emptyStep, type ExerciseProgress } from '../../src/lib/progress/store.ts';

const exercise = (): ExerciseProgress => ({ language: 'python', steps: { a: emptyStep(), b: emptyStep(), gone: emptyStep() } });

describe('exercise state', () => {
  it('counts steps per language: Python progress does not show in JavaScript', () => {
    const saved = exercise();
    markDone(saved.steps.a!, 'python', 'passed');
    markDone(saved.steps.b!, 'python', 'solved-with-help');
    markDone(saved.steps.gone!, 'python', 'passed');
    expect(countDone(saved, ['a', 'b'], 'python')).toBe(2);
    expect(countDone(saved, ['a', 'b'], 'javascript')).toBe(0);
  });

  it('keeps "solved with help" when the step is passed later, and reset makes it not done', () => {
    const step = emptyStep();
    markDone(step, 'javascript', 'solved-with-help');
    markDone(step, 'javascript', 'passed');
    expect(step.status.javascript).toBe('solved-with-help');
    step.code.javascript = 'x';
    step.code.python = 'y';
    resetStep(step, 'javascript');
    expect(step.status.javascript).toBeUndefined();
    expect(step.code).toEqual({ python: 'y' });
    markDone(step, 'javascript', 'passed');
    expect(step.status.javascript).toBe('passed');
  });

  it('shows the last chosen language when the exercise still offers it', () => {
    expect(shownLanguage({ language: 'javascript', steps: {} }, ['python', 'javascript'])).toBe('javascript');
    expect(shownLanguage({ language: 'javascript', steps: {} }, ['python'])).toBe('python');
    expect(shownLanguage({ steps: {} }, ['python', 'javascript'])).toBe('python');
  });

  it('tells a current verdict from one whose step or whose earlier steps changed', () => {
    const verdict = { kind: 'fail' as const, judged: ['one', 'two', 'three'] };
    expect(verdictFreshness(verdict, ['one', 'two', 'three'])).toBe('current');
    expect(verdictFreshness(verdict, ['one', 'two', 'three!'])).toBe('edited');
    expect(verdictFreshness(verdict, ['one!', 'two', 'three'])).toBe('earlier-changed');
  });
});
