import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQuiz, QUIZ_FILE } from '../../src/lib/quiz/load.ts';
import { foldersHolding } from '../../src/lib/content/folders.ts';
import type { Quiz } from '../../src/lib/quiz/schema.ts';

/*
 * The shipped quizzes: every file is valid, the test has the promised shape, and each correct
 * answer is pinned to the fact in the seed material it comes from, so an edit that moves a
 * `correct: true` to the wrong option fails here.
 */

const load = (id: string) => loadQuiz(path.resolve('exercises', id));
const correctText = (quiz: Quiz, id: string) => {
  const question = quiz.questions.find((q) => q.id === id);
  if (!question) throw new Error(`no question ${id} in ${quiz.id}`);
  return question.options.find((option) => option.correct)!.text;
};

describe('shipped quizzes', () => {
  it('all load', async () => {
    const dirs = await foldersHolding(path.resolve('exercises'), QUIZ_FILE);
    const quizzes = await Promise.all(dirs.map((dir) => loadQuiz(dir)));
    expect(quizzes.map((quiz) => quiz.id)).toEqual(['cases-check', 'pattern-test', 'practice-quiz', 'process-visual-quiz']);
  });

  it('the practice quiz has 5 questions and the seed answers', async () => {
    const quiz = await load('practice-quiz');
    expect(quiz.mode).toBe('practice');
    expect(quiz.questions.map((q) => q.difficulty)).toEqual(['easy', 'easy', 'medium', 'medium', 'hard']);
    expect(correctText(quiz, 'purpose-of-segmentation')).toMatch(/groups whose members have traits in common/);
    expect(correctText(quiz, 'what-personalization-means')).toMatch(/each customer .* own preferences/);
    expect(correctText(quiz, 'age-groups-benefit')).toMatch(/engage more/);
    expect(correctText(quiz, 'same-message-to-every-segment')).toMatch(/Personalization was never actually applied/);
    expect(correctText(quiz, 'combine-both-strategies')).toMatch(/segments by location and age.*what the customer bought before/);
  });

  it('the visual quiz has 3 questions, its process table, and the seed answers', async () => {
    const quiz = await load('process-visual-quiz');
    expect(quiz.questions).toHaveLength(3);
    expect(quiz.intro).toMatch(/\| 5 \| Gathers the response/);
    expect(correctText(quiz, 'output-of-step-3')).toMatch(/Segments, each with a message/);
    expect(correctText(quiz, 'when-responses-arrive')).toBe('Step 5');
    expect(correctText(quiz, 'audience-keeps-changing')).toMatch(/updated every round/);
  });

  it('the test has 10 questions, at least 3 per difficulty, covering every topic', async () => {
    const quiz = await load('pattern-test');
    expect(quiz.mode).toBe('test');
    expect(quiz.questions).toHaveLength(10);
    for (const difficulty of ['easy', 'medium', 'hard']) {
      expect(quiz.questions.filter((q) => q.difficulty === difficulty).length).toBeGreaterThanOrEqual(3);
    }
    expect(new Set(quiz.questions.map((q) => q.topic))).toEqual(
      new Set(['Segmentation types', 'Segmentation process', 'Segmentation versus personalization', 'KPIs', 'Feedback loop', 'Privacy']),
    );
  });

  it('the test answers agree with the seed facts', async () => {
    const quiz = await load('pattern-test');
    expect(correctText(quiz, 'psychographic-segmentation')).toBe('Psychographic');
    expect(correctText(quiz, 'geographic-segmentation')).toBe('Geographic');
    expect(correctText(quiz, 'click-through-rate')).toMatch(/^Click-through rate/);
    expect(correctText(quiz, 'consent-before-personalizing')).toMatch(/explicit consent.*opt out/);
    expect(correctText(quiz, 'segmentation-process-order')).toBe('Collect and analyze data → identify segments → profile segments → validate segments');
    expect(correctText(quiz, 'segmentation-versus-personalization')).toMatch(/^Segmentation sorts the audience into groups.*personalization tailors .* each individual/);
    expect(correctText(quiz, 'closing-the-feedback-loop')).toMatch(/refine that segment and its message/);
    expect(correctText(quiz, 'value-based-segmentation')).toMatch(/^Value-based/);
    expect(correctText(quiz, 'conversion-rate')).toBe('Conversion rate');
    expect(correctText(quiz, 'good-segment-criteria')).toBe('Substantial and accessible');
  });

  it('the cases check has 3 questions, each answer resting on a fact the cases page states', async () => {
    const quiz = await load('cases-check');
    expect(quiz.mode).toBe('practice');
    expect(quiz.questions.map((q) => q.difficulty)).toEqual(['easy', 'medium', 'hard']);
    const page = readFileSync(path.resolve('lessons/segmentation-and-personalization/cases.mdx'), 'utf8');
    const section = (heading: string) => page.split(/^##+ /m).find((part) => part.startsWith(heading))!;
    // Amazon uses browsing and purchase history (seed: case study 5.1).
    expect(correctText(quiz, 'retailer-recommendation-data')).toBe("The shopper's browsing and purchase history");
    expect(section('Amazon')).toMatch(/data="What the shopper has browsed and what they have bought before\."/);
    // Netflix A/B-tests its thumbnails (seed: case study 5.2, key takeaways).
    expect(correctText(quiz, 'streaming-thumbnail-test')).toMatch(/^It runs an A\/B test/);
    expect(section('Netflix')).toMatch(/measured="A\/B tests compare thumbnails/);
    // Segment B gets matching sportswear and sports promotions (seed: the clothing retailer example).
    expect(correctText(quiz, 'clothing-segment-b')).toMatch(/^Suggest sporty activewear .* sports promotions/);
    expect(section('Segment B')).toMatch(/after running shorts, sporty activewear.*emails with sports promotions/);
  });
});
