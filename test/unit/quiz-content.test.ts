import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { segmentationCycle } from '../../lessons/segmentation-and-personalization/segmentation-cycle.ts';
import { readFrontmatter } from '../../src/lib/content/frontmatter.ts';
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

  it('the visual quiz has 3 questions whose answers are read off the cycle on its page', async () => {
    const quiz = await load('process-visual-quiz');
    expect(quiz.questions).toHaveLength(3);
    const stages = segmentationCycle.stages;
    expect(correctText(quiz, 'output-of-step-3')).toBe(stages[2]!.output);
    expect(stages[4]!.output).toMatch(/clicks, purchases, replies/);
    expect(correctText(quiz, 'when-responses-arrive')).toBe('Step 5');
    expect(stages.at(-1)!.action).toMatch(/from step 2/);
    expect(segmentationCycle.loopsBackTo).toBe(2);
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
    // 120 purchases out of 4,000 visitors.
    expect(correctText(quiz, 'conversion-rate')).toBe(`${(120 / 4000) * 100}%`);
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

  it('the criteria question states every fact its answer needs', async () => {
    const question = (await load('pattern-test')).questions.find((q) => q.id === 'good-segment-criteria')!;
    expect(question.prompt).toMatch(/clearly measurable/); // measurable: met
    expect(question.prompt).toMatch(/fits\s+the company's goals/); // relevant: met
    expect(question.prompt).toMatch(/campaign of its own would cost about \$5,000, while the 12 together spend\s+about \$600 a year/); // substantial: failed
    expect(question.prompt).toMatch(/no email address or phone number/); // accessible: failed
  });

  it('no hard question gives its answer away in the prompt', async () => {
    for (const question of (await load('pattern-test')).questions.filter((q) => q.difficulty === 'hard')) {
      const answer = question.options.find((option) => option.correct)!.text.toLowerCase();
      const words = answer.match(/[a-z]{4,}/g) ?? [];
      for (const word of words) expect(question.prompt.toLowerCase(), `${question.id} prompt names "${word}"`).not.toContain(word);
    }
  });
});

/*
 * Every idea the test asks about is taught before the test: each question names its lesson,
 * that lesson comes earlier in the course, and the key terms of the question occur in it.
 */
const KEY_TERMS: Record<string, string[]> = {
  'psychographic-segmentation': ['psychographic', 'values', 'interests', 'lifestyle'],
  'geographic-segmentation': ['geographic', 'country, region, city, postcode'],
  'click-through-rate': ['click-through rate', 'clicks ÷ recipients', 'open rate'],
  'consent-before-personalizing': ['explicit consent', 'GDPR', 'CCPA', 'opt out', 'transparent'],
  'segmentation-process-order': ['collect and analyze data', 'identify segments', 'profile segments', 'validate segments'],
  'segmentation-versus-personalization': ['a **group**', '**one person** (one-to-one)', 'applied **inside**', 'name'],
  'closing-the-feedback-loop': ['feedback', 'rewritten', 'back to step 2'],
  'value-based-segmentation': ['value-based', 'customer lifetime value', 'over the whole relationship'],
  'conversion-rate': ['conversion rate', 'people who took the desired action ÷ visitors × 100', 'only the desired action counts'],
  'good-segment-criteria': ['**measurable**', '**substantial**', '**accessible**', '**relevant**', 'repay the cost'],
};

describe('the test is aligned with the lessons', () => {
  const lesson = (id: string) => {
    const split = readFrontmatter(readFileSync(path.resolve('lessons', `${id}.mdx`), 'utf8'));
    if ('error' in split) throw new Error(split.error);
    return { order: (split.data as { order: number }).order, text: split.body.replace(/\s+/g, ' ').toLowerCase() };
  };

  it('names, for every question, an earlier lesson that teaches its key terms', async () => {
    const quiz = await load('pattern-test');
    const testPage = lesson('segmentation-and-personalization/test');
    expect(Object.keys(KEY_TERMS).sort()).toEqual(quiz.questions.map((q) => q.id).sort());
    for (const question of quiz.questions) {
      expect(question.lesson, question.id).toMatch(/^segmentation-and-personalization\//);
      const teaching = lesson(question.lesson!);
      expect(teaching.order, `${question.lesson} comes before the test`).toBeLessThan(testPage.order);
      for (const term of KEY_TERMS[question.id]!) {
        expect(teaching.text, `${question.id}: "${term}" in ${question.lesson}`).toContain(term.toLowerCase());
      }
    }
  });
});
