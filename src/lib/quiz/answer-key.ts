import type { Quiz } from './schema.ts';

/*
 * What the browser needs to grade a quiz. Kept apart from the schema so the client script
 * never pulls zod into a lesson page.
 */

/** Difficulties in the order scores are reported. */
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export interface KeyedQuestion {
  id: string;
  difficulty: Difficulty;
  /** Position of the right option as authored (0 = A); shuffling the display never changes it. */
  correct: number;
}

export interface AnswerKey {
  id: string;
  mode: Quiz['mode'];
  questions: KeyedQuestion[];
}

/** The answer key of a validated quiz, small enough to embed in the page as JSON. */
export function answerKeyOf(quiz: Quiz): AnswerKey {
  return {
    id: quiz.id,
    mode: quiz.mode,
    questions: quiz.questions.map((question) => ({
      id: question.id,
      difficulty: question.difficulty,
      correct: question.options.findIndex((option) => option.correct),
    })),
  };
}

/** Options are lettered A, B, C… in the order they are written, as authors and students count them. */
export function optionLetter(index: number): string {
  return String.fromCharCode(65 + index);
}
