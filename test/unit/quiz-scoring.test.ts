import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressStore, type QuizProgress } from '../../src/lib/progress/store.ts';
import { answerKeyOf, type AnswerKey } from '../../src/lib/quiz/answer-key.ts';
import { loadQuiz } from '../../src/lib/quiz/load.ts';
import { formatScore, isBetterScore, recordAttempt, scoreQuiz } from '../../src/lib/quiz/scoring.ts';
import { applyOrder, seededRandom, shuffledOrder } from '../../src/lib/quiz/shuffle.ts';

const key: AnswerKey = {
  id: 'sample',
  mode: 'test',
  questions: [
    { id: 'e1', difficulty: 'easy', correct: 0 },
    { id: 'e2', difficulty: 'easy', correct: 2 },
    { id: 'm1', difficulty: 'medium', correct: 1 },
    { id: 'h1', difficulty: 'hard', correct: 3 },
    { id: 'h2', difficulty: 'hard', correct: 0 },
  ],
};

describe('scoreQuiz', () => {
  it('scores overall and per difficulty', () => {
    const result = scoreQuiz(key, { e1: 0, e2: 1, m1: 1, h1: 3, h2: 2 });
    expect(formatScore(result)).toBe('3 / 5');
    expect(result.byDifficulty).toEqual({ easy: { score: 1, total: 2 }, medium: { score: 1, total: 1 }, hard: { score: 1, total: 2 } });
    expect(result.questions.map((q) => q.isCorrect)).toEqual([true, false, true, true, false]);
  });

  it('counts an unanswered question as wrong and reports it as unanswered', () => {
    const result = scoreQuiz(key, { e1: 0 });
    expect(result.score).toBe(1);
    expect(result.questions[1]).toEqual({ id: 'e2', difficulty: 'easy', chosen: undefined, correct: 2, isCorrect: false });
  });

  it('lists only the difficulties the quiz has, in order', () => {
    const easyOnly: AnswerKey = { ...key, questions: key.questions.filter((q) => q.difficulty === 'easy') };
    expect(Object.keys(scoreQuiz(easyOnly, {}).byDifficulty)).toEqual(['easy']);
    expect(Object.keys(scoreQuiz(key, {}).byDifficulty)).toEqual(['easy', 'medium', 'hard']);
  });
});

describe('best score', () => {
  it('counts every attempt and keeps the best score', () => {
    const progress: QuizProgress = { attempts: 0 };
    recordAttempt(progress, { score: 6, total: 10 });
    recordAttempt(progress, { score: 9, total: 10 });
    recordAttempt(progress, { score: 4, total: 10 });
    expect(progress).toEqual({ attempts: 3, best: { score: 9, total: 10 } });
  });

  it('compares as fractions when the quiz changed size between visits', () => {
    expect(isBetterScore({ score: 4, total: 5 }, { score: 7, total: 10 })).toBe(true);
    expect(isBetterScore({ score: 6, total: 10 }, { score: 4, total: 5 })).toBe(false);
    // Same fraction on the quiz as it is now: take the current total.
    expect(isBetterScore({ score: 8, total: 10 }, { score: 4, total: 5 })).toBe(true);
    expect(isBetterScore({ score: 4, total: 5 }, { score: 4, total: 5 })).toBe(false);
    expect(isBetterScore({ score: 0, total: 5 }, undefined)).toBe(true);
  });

  it('survives a reload through ProgressStore, and a corrupted best is dropped', () => {
    const saved = new Map<string, string>();
    const storage = { getItem: (k: string) => saved.get(k) ?? null, setItem: (k: string, v: string) => void saved.set(k, v) };
    new ProgressStore(storage).updateQuiz('pattern-test', (quiz) => recordAttempt(quiz, { score: 10, total: 10 }));
    new ProgressStore(storage).updateQuiz('pattern-test', (quiz) => recordAttempt(quiz, { score: 7, total: 10 }));
    expect(new ProgressStore(storage).quiz('pattern-test')).toEqual({ attempts: 2, best: { score: 10, total: 10 } });

    const [[storageKey, text]] = [...saved];
    const tampered = JSON.parse(text!);
    tampered.quizzes['pattern-test'].best = { score: 11, total: 10 };
    saved.set(storageKey!, JSON.stringify(tampered));
    expect(new ProgressStore(storage).quiz('pattern-test')).toEqual({ attempts: 2 });
  });
});

describe('shuffling', () => {
  it('gives a permutation, repeatably for a seed', () => {
    for (let seed = 0; seed < 50; seed++) {
      const order = shuffledOrder(6, seededRandom(seed));
      expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(shuffledOrder(6, seededRandom(seed))).toEqual(order);
    }
  });

  it('reaches every order of three items', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) seen.add(shuffledOrder(3, seededRandom(seed)).join(''));
    expect(seen.size).toBe(6);
  });

  it('refuses an order that is not a permutation', () => {
    expect(() => applyOrder(['a', 'b', 'c'], [0, 0, 1])).toThrow(RangeError);
    expect(() => applyOrder(['a', 'b', 'c'], [0, 1, 3])).toThrow(RangeError);
    expect(() => applyOrder(['a', 'b'], [1, 0, 2])).toThrow(RangeError);
  });

  it('keeps the correct answer: picking the right option after any shuffle still scores full marks', async () => {
    const quiz = await loadQuiz(path.resolve('exercises/pattern-test'));
    const answerKey = answerKeyOf(quiz);
    for (let seed = 0; seed < 25; seed++) {
      const random = seededRandom(seed);
      const answers: Record<string, number> = {};
      for (const question of quiz.questions) {
        // As on the page: each option keeps its authored position as its value.
        const shown = applyOrder(question.options.map((option, value) => ({ ...option, value })), shuffledOrder(question.options.length, random));
        expect(shown.filter((option) => option.correct)).toHaveLength(1);
        answers[question.id] = shown.find((option) => option.correct)!.value;
      }
      expect(formatScore(scoreQuiz(answerKey, answers))).toBe('10 / 10');
    }
  });
});
