import type { QuizProgress } from '../progress/store.ts';
import { DIFFICULTIES, type AnswerKey, type Difficulty } from './answer-key.ts';

/** The option a student chose for each question id, by authored position; absent when unanswered. */
export type Answers = Readonly<Record<string, number | undefined>>;

export interface Tally {
  score: number;
  total: number;
}

export interface QuestionResult {
  id: string;
  difficulty: Difficulty;
  chosen: number | undefined;
  correct: number;
  isCorrect: boolean;
}

export interface QuizResult extends Tally {
  /** Only difficulties the quiz has, in the order easy, medium, hard. */
  byDifficulty: Partial<Record<Difficulty, Tally>>;
  questions: QuestionResult[];
}

/** Grades answers against the key; an unanswered question counts as wrong. */
export function scoreQuiz(key: AnswerKey, answers: Answers): QuizResult {
  const questions = key.questions.map((question) => {
    const chosen = answers[question.id];
    return { id: question.id, difficulty: question.difficulty, chosen, correct: question.correct, isCorrect: chosen === question.correct };
  });
  const byDifficulty: Partial<Record<Difficulty, Tally>> = {};
  for (const difficulty of DIFFICULTIES) {
    const group = questions.filter((question) => question.difficulty === difficulty);
    if (group.length > 0) byDifficulty[difficulty] = { score: group.filter((q) => q.isCorrect).length, total: group.length };
  }
  return { score: questions.filter((q) => q.isCorrect).length, total: questions.length, byDifficulty, questions };
}

/**
 * Whether `candidate` beats `best`. Compared as fractions, because a quiz may gain or lose
 * questions between visits; an equal fraction on a different total replaces the old one so
 * the saved total matches the quiz as it is now.
 */
export function isBetterScore(candidate: Tally, best: Tally | undefined): boolean {
  if (!best) return true;
  const difference = candidate.score * best.total - best.score * candidate.total;
  return difference > 0 || (difference === 0 && candidate.total !== best.total);
}

/** Counts a finished attempt and keeps the best score. Mutates and returns `progress` (the store's update callback shape). */
export function recordAttempt(progress: QuizProgress, result: Tally): QuizProgress {
  progress.attempts += 1;
  if (isBetterScore(result, progress.best)) progress.best = { score: result.score, total: result.total };
  return progress;
}

/** "Score: 7 / 10": the exact wording pages and tests rely on. */
export const formatScore = ({ score, total }: Tally): string => `${score} / ${total}`;
