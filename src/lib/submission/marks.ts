/**
 * Marks: a step is worth its `points` (1 unless the manifest says otherwise), earned in full
 * when the step passes and not at all otherwise, as a gradebook expects whole numbers.
 */
import type { StepReport } from '../checker/check-step.ts';

/** Where a student stands in the gradebook. */
export type GradeStatus = 'pass' | 'incomplete' | 'not graded' | 'missing';

export const stepPoints = (steps: { points?: number }[]): number[] => steps.map((step) => step.points ?? 1);

export function score(points: number[], steps: Pick<StepReport, 'status'>[]): { earned: number[]; total: number; max: number } {
  const earned = points.map((worth, index) => (steps[index]?.status === 'pass' ? worth : 0));
  return { earned, total: earned.reduce((a, b) => a + b, 0), max: points.reduce((a, b) => a + b, 0) };
}

/**
 * Whether a step's report only repeats that an earlier step never finished: a runner stops at
 * the first step that errs or times out, so every later step in the same run says the same.
 * Such follow-on messages are left out of "most frequent failures" to show the first cause.
 */
export function isFollowOn(steps: Pick<StepReport, 'status'>[], index: number): boolean {
  const first = steps.findIndex((step) => step.status === 'error' || step.status === 'timeout');
  return first !== -1 && index > first;
}
