/**
 * Which of a step's requirements a run meets, for the checklist under its instructions. Loaded
 * with the checker after a Check, never up front. Each defined name is compared on its own,
 * with the checker's own comparison, so a tick means exactly what the checker accepts.
 */
import { compareValue } from '../lib/checker/compare-values.ts';
import type { Language, StepRun } from '../lib/runner/protocol.ts';
import type { ExerciseConfig } from './exercise-config.ts';

export function metRequirements(step: ExerciseConfig['steps'][number], run: StepRun, language: Language, notBuiltInLoop: readonly string[]): Set<string> {
  const met = new Set<string>();
  if (run.status !== 'ok') return met;
  for (const { name, should, compare } of step.defines) {
    const value = run.values[name];
    if (value !== undefined && step.expected[name] !== undefined && compareValue(name, should, value, step.expected[name]!, compare, language).length === 0) met.add(name);
  }
  // The judge's own reading of the syntax tree, never the learner's runtime.
  if (step.requires.includes('loop') && notBuiltInLoop.length === 0) met.add('loop');
  return met;
}
