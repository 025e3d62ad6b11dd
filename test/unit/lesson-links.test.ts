import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateProject } from '../../src/cli/validate.ts';
import { lessonLinkProblems } from '../../src/lib/quiz/lesson-links.ts';
import { quizSchema, type Quiz } from '../../src/lib/quiz/schema.ts';
import { formatProblem } from '../../src/lib/schema-errors.ts';

const question = (id: string, lesson?: string) => ({
  id,
  difficulty: 'easy',
  ...(lesson ? { lesson } : {}),
  prompt: `Prompt of ${id}?`,
  options: [{ text: 'Right', correct: true }, { text: 'Wrong' }],
  hint: 'A hint.',
  solution: ['A step.'],
  quickCheck: 'A rule.',
  mistakes: ['A mistake.'],
});
const quiz = (mode: 'test' | 'practice', questions: ReturnType<typeof question>[]): Quiz => quizSchema.parse({ id: 'q', title: 'Q', mode, questions });
const LESSONS = new Set(['course/intro', 'course/deep-dive']);

describe('lessonLinkProblems', () => {
  it('accepts questions that name existing lessons', () => {
    expect(lessonLinkProblems(quiz('test', [question('a', 'course/intro'), question('b', 'course/deep-dive')]), 'f.yaml', LESSONS)).toEqual([]);
  });

  it('reports a lesson that does not exist, in any quiz', () => {
    for (const mode of ['test', 'practice'] as const) {
      expect(lessonLinkProblems(quiz(mode, [question('a', 'course/intro'), question('b', 'course/deep-dives')]), 'f.yaml', LESSONS).map(formatProblem)).toEqual([
        'f.yaml: questions.2 (b).lesson: names "course/deep-dives", which is not a lesson (no lessons/course/deep-dives.mdx)',
      ]);
    }
  });

  it('requires a lesson for every question of a test, not of a practice quiz', () => {
    expect(lessonLinkProblems(quiz('test', [question('a')]), 'f.yaml', LESSONS).map(formatProblem)).toEqual([
      'f.yaml: questions.1 (a).lesson: is required in a test: name the lesson that teaches this question\'s idea, e.g. "segmentation-and-personalization/deep-dive"',
    ]);
    expect(lessonLinkProblems(quiz('practice', [question('a')]), 'f.yaml', LESSONS)).toEqual([]);
  });
});

describe('stepwise validate and lesson links', () => {
  const temps: string[] = [];
  afterAll(async () => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('fails a test question whose lesson is missing, or that names none', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'stepwise-links-'));
    temps.push(root);
    await cp(path.resolve('lessons'), path.join(root, 'lessons'), { recursive: true });
    await cp(path.resolve('exercises'), path.join(root, 'exercises'), { recursive: true });
    const file = path.join(root, 'exercises/pattern-test/quiz.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text
        .replace(/(- id: psychographic-segmentation[\s\S]*?lesson: )segmentation-and-personalization\/full-explanation/, '$1segmentation-and-personalization/full-explanations')
        .replace(/(- id: click-through-rate[\s\S]*?)\n    lesson: [^\n]+/, '$1'),
    );
    const problems = (await validateProject(root)).problems.map(formatProblem);
    expect(problems).toContain(
      'exercises/pattern-test/quiz.yaml: questions.1 (psychographic-segmentation).lesson: names "segmentation-and-personalization/full-explanations", which is not a lesson (no lessons/segmentation-and-personalization/full-explanations.mdx)',
    );
    expect(problems.filter((line) => line.startsWith('exercises/pattern-test/quiz.yaml: questions.3 (click-through-rate).lesson: is required in a test'))).toHaveLength(1);
    expect(problems).toHaveLength(2);
  });
});
