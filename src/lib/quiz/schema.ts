import { z } from 'astro/zod';
import { DIFFICULTIES, optionLetter } from './answer-key.ts';

export const QUIZ_MODES = ['practice', 'test'] as const;
export type QuizMode = (typeof QUIZ_MODES)[number];

/** A missing field and a field of the wrong type are different mistakes; say which one it is. */
const requiredAs = (kind: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${kind}`;

const oneOf = (values: readonly string[]) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be one of: ${values.join(', ')}`;

const slug = z
  .string({ error: requiredAs('text') })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens, e.g. "kpi-click-rate"');

const text = z.string({ error: requiredAs('text') }).trim().min(1, 'must not be empty');

const textList = (what: string) => z.array(text, { error: requiredAs(`a list of ${what}`) }).min(1, `needs at least one ${what.replace(/s$/, '')}`);

export const optionSchema = z.strictObject({
  text,
  /** Marks the one right answer; every other option is wrong. */
  correct: z.boolean({ error: 'must be true or false' }).default(false),
});

export const questionSchema = z
  .strictObject({
    id: slug,
    difficulty: z.enum(DIFFICULTIES, { error: oneOf(DIFFICULTIES) }),
    /** What the question is about, e.g. "KPIs"; lets a test prove it covers its topics. */
    topic: text.optional(),
    /** The lesson that teaches this question's idea, as `<course>/<page>` (e.g. `segmentation-and-personalization/deep-dive`). */
    lesson: text.optional(),
    prompt: text,
    options: z
      .array(optionSchema, { error: requiredAs('a list of options') })
      .min(2, 'needs at least two options')
      .max(6, 'has more than six options; split the question'),
    /** Shown on request in practice mode, never in a test. */
    hint: text,
    /** How to reach the answer, one step per item. */
    solution: textList('steps'),
    /** A one-line rule of thumb to remember the answer by. */
    quickCheck: text,
    /** Wrong ideas the wrong options stand for. */
    mistakes: textList('mistakes'),
  })
  .superRefine((question, ctx) => {
    const correct = question.options.flatMap((option, index) => (option.correct ? [index] : []));
    if (correct.length !== 1) {
      const which = correct.map((index) => optionLetter(index)).join(', ');
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message:
          correct.length === 0
            ? 'no option is marked `correct: true`; mark exactly one'
            : `${correct.length} options (${which}) are marked correct; mark exactly one`,
      });
    }
    const texts = question.options.map((option) => option.text.toLowerCase());
    texts.forEach((value, index) => {
      if (texts.indexOf(value) !== index) {
        ctx.addIssue({ code: 'custom', path: ['options', index, 'text'], message: `repeats option ${optionLetter(texts.indexOf(value))}` });
      }
    });
  });

export const quizSchema = z
  .strictObject({
    id: slug,
    title: text,
    /** practice: one question at a time with hints and instant feedback; test: answers only after submitting. */
    mode: z.enum(QUIZ_MODES, { error: oneOf(QUIZ_MODES) }),
    /** Markdown shown above the questions, e.g. a table the questions refer to. */
    intro: text.optional(),
    questions: z.array(questionSchema, { error: requiredAs('a list of questions') }).min(1, 'needs at least one question'),
  })
  .superRefine((quiz, ctx) => {
    const first = new Map<string, number>();
    quiz.questions.forEach((question, index) => {
      const earlier = first.get(question.id);
      if (earlier === undefined) first.set(question.id, index);
      else ctx.addIssue({ code: 'custom', path: ['questions', index, 'id'], message: `duplicate question id "${question.id}" (question ${earlier + 1} has it too)` });
    });
  });

export type Quiz = z.infer<typeof quizSchema>;
export type Question = z.infer<typeof questionSchema>;
export type QuizOption = z.infer<typeof optionSchema>;
