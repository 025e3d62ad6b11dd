import type { Language } from '../runner/protocol.ts';
import { countDone, shownLanguage } from './exercise-state.ts';
import type { ExerciseProgress, QuizProgress } from './store.ts';

/** What a course asks of a student: every step of its exercises and every quiz. */
export interface CourseActivities {
  exercises: { id: string; stepIds: string[]; languages: Language[] }[];
  quizzes: string[];
}

/**
 * How much of a course is done, for the home page's card: each exercise step counts once, in
 * the language the exercise page shows (the same rule as its step count), and a quiz counts
 * once it has been taken.
 */
export function courseProgress(
  activities: CourseActivities,
  read: { exercise(id: string): ExerciseProgress; quiz(id: string): QuizProgress },
): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const exercise of activities.exercises) {
    const saved = read.exercise(exercise.id);
    done += countDone(saved, exercise.stepIds, shownLanguage(saved, exercise.languages));
    total += exercise.stepIds.length;
  }
  for (const quiz of activities.quizzes) {
    if (read.quiz(quiz).best) done += 1;
    total += 1;
  }
  return { done, total };
}
