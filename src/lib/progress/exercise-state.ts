import type { Language } from '../runner/protocol.ts';
import type { ExerciseProgress, StepProgress, StepStatus } from './store.ts';

/**
 * The rules that turn saved progress into what a student sees: a step's badge, the step count
 * of the exercise bar and of the home page, and whether a verdict still speaks for the code on
 * screen. Everything here is per language, and the page and the home page both call it, so
 * they can never disagree.
 */

/** A step's standing in one language: done on its own, done with the solution shown, or not done. */
export const stepStatus = (step: StepProgress | undefined, language: Language): StepStatus | undefined => step?.status[language];

/** Steps done (either way) in one language, counting only steps the exercise still has. */
export function countDone(exercise: ExerciseProgress, stepIds: readonly string[], language: Language): number {
  return stepIds.filter((id) => stepStatus(exercise.steps[id], language)).length;
}

/** Records a finished step. A step first solved with help stays so; passing it later changes nothing. */
export function markDone(step: StepProgress, language: Language, status: StepStatus): void {
  if (step.status[language] !== 'solved-with-help') step.status[language] = status;
}

/** Reset: the starter code again, and the step is not done in that language any more. */
export function resetStep(step: StepProgress, language: Language): void {
  delete step.code[language];
  delete step.status[language];
}

/** The language an exercise's progress is shown in: the student's last choice, else the exercise's first. */
export function shownLanguage(exercise: ExerciseProgress, languages: readonly Language[]): Language {
  return exercise.language && languages.includes(exercise.language) ? exercise.language : languages[0]!;
}

export type VerdictKind = 'pass' | 'fail' | 'error' | 'timeout' | 'not-attempted';

/** A Check's outcome together with the code it judged: steps 1..N, since step N runs after them. */
export interface Verdict {
  kind: VerdictKind;
  judged: readonly string[];
}

/**
 * Whether a verdict still describes the code on screen. `edited`: the step's own code changed
 * since (the verdict stays, marked out of date). `earlier-changed`: only an earlier step
 * changed, so anything it said about those steps may be wrong (the page clears it).
 */
export function verdictFreshness(verdict: Verdict, codes: readonly string[]): 'current' | 'edited' | 'earlier-changed' {
  const last = verdict.judged.length - 1;
  if (codes[last] !== verdict.judged[last]) return 'edited';
  return verdict.judged.every((code, index) => codes[index] === code) ? 'current' : 'earlier-changed';
}
