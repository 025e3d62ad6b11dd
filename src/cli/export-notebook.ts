import { writeFile } from 'node:fs/promises';
import type { Exercise } from '../lib/exercise/exercise.ts';
import { buildNotebook } from '../lib/notebook/build-notebook.ts';

/**
 * `stepwise export-notebook <exercise-id> [--solution] --out file.ipynb`: the notebook a student
 * downloads from the exercise page, with the starter code, or with the reference solution.
 */
export async function exportNotebook(exercise: Exercise, withSolution: boolean, out: string): Promise<string> {
  if (!exercise.languages.includes('python')) throw new Error(`exercise "${exercise.id}" has no Python track, and notebooks are Python`);
  const codes = exercise.steps.map((step) => step.code.python![withSolution ? 'solution' : 'starter']);
  await writeFile(out, `${JSON.stringify(buildNotebook({ exercise, codes }), null, 1)}\n`);
  return `Wrote ${out}: ${exercise.steps.length} steps with the ${withSolution ? 'reference solution' : 'starter code'}, and a check cell.`;
}
