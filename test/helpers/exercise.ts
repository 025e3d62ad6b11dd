import path from 'node:path';
import type { StepReport } from '../../src/lib/checker/check-step.ts';
import { judge } from '../../src/lib/checker/judge.ts';
import type { Exercise } from '../../src/lib/exercise/exercise.ts';
import { loadExercise } from '../../src/lib/exercise/load.ts';
import { runJavaScript } from '../../src/lib/runner/javascript.ts';
import type { StepRun, StepSource } from '../../src/lib/runner/protocol.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const MINI_PROJECT = path.join(ROOT, 'exercises/segmentation-mini-project');

let cached: Promise<Exercise> | undefined;
export const miniProject = () => (cached ??= loadExercise(MINI_PROJECT, ROOT));

/** Runs the reference JavaScript for the steps before `stepId`, then `code` for it, in-process. */
export async function runStepCode(stepId: string, code: string): Promise<{ run: StepRun; runs: StepRun[]; exercise: Exercise; index: number }> {
  const exercise = await miniProject();
  const index = exercise.steps.findIndex((step) => step.id === stepId);
  const runs: StepRun[] = [];
  runJavaScript(
    exercise.steps.slice(0, index + 1).map((step, i) => ({
      id: step.id,
      code: i === index ? code : step.code.javascript!.solution,
      capture: step.defines.map((d) => d.name),
    })),
    { started() {}, finished: (i, result) => (runs[i] = result) },
  );
  return { run: runs[index]!, runs, exercise, index };
}

/** Runs steps in-process, as the judge's `run`: the JavaScript runner without a worker. */
export async function runInProcess(steps: StepSource[]): Promise<StepRun[]> {
  const runs: StepRun[] = [];
  runJavaScript(steps, { started() {}, finished: (i, result) => (runs[i] = result) });
  return runs;
}

/** What a student reads after Check on step `stepId` with `code` (JavaScript track), the earlier steps solved. */
export async function checkJavaScript(stepId: string, code: string): Promise<StepReport> {
  const exercise = await miniProject();
  const index = exercise.steps.findIndex((step) => step.id === stepId);
  const codes = exercise.steps.slice(0, index + 1).map((step, i) => (i === index ? code : step.code.javascript!.solution));
  const { reports } = await judge(exercise, { language: 'javascript', steps: codes }, index, runInProcess);
  return reports[index]!;
}
