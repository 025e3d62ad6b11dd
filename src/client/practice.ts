/**
 * Running and checking, loaded on a student's first Run or Check so that reading a lesson
 * costs none of it. One path for every language: code → runner worker → checker → report.
 */
import { checkStep, headline, notingEarlierSteps, type StepReport } from '../lib/checker/check-step.ts';
import type { Language, StepRun } from '../lib/runner/protocol.ts';
import type { ExerciseConfig } from './exercise-config.ts';
import { runnerFor } from './runners.ts';

export { warmUpRunner } from './runners.ts';

export interface Attempt {
  /** Runs of steps 1..N; the last one is the step asked about. */
  runs: StepRun[];
  report?: StepReport;
  headline?: string;
}

export async function attempt(
  config: ExerciseConfig,
  language: Language,
  codes: string[],
  index: number,
  mode: 'run' | 'check',
  onLoading?: (message: string) => void,
): Promise<Attempt> {
  const steps = config.steps.slice(0, index + 1).map((step, i) => ({ id: step.id, code: codes[i]!, capture: step.defines.map((d) => d.name) }));
  const runs = await runnerFor(language).run(steps, onLoading ? { onLoading } : {});
  if (mode === 'run') return { runs };
  const judge = (at: number) => {
    const step = config.steps[at]!;
    return checkStep({ step, number: at + 1, run: runs[at]!, language, code: codes[at], starter: step.code[language]?.starter });
  };
  const report = notingEarlierSteps(judge(index), runs.slice(0, index).map((_, at) => judge(at)));
  return { runs, report, headline: headline(report, index + 1) };
}
