/**
 * Running and checking, loaded on a student's first Run or Check so that reading a lesson
 * costs none of it. One path for every language: code → runner worker → judge → report; the
 * judge is the same one `stepwise check` and `grade` use.
 */
import { headline, type StepReport } from '../lib/checker/check-step.ts';
import { judge } from '../lib/checker/judge.ts';
import type { Language, StepRun } from '../lib/runner/protocol.ts';
import type { ExerciseConfig } from './exercise-config.ts';
import { runnerFor } from './runners.ts';

export { warmUpRunner } from './runners.ts';

export interface Attempt {
  /** Runs of steps 1..N; the last one is the step asked about. */
  runs: StepRun[];
  report?: StepReport;
  headline?: string;
  /** Names the step must build in a loop but does not; empty when it does or need not. */
  notBuiltInLoop?: string[];
}

export async function attempt(
  config: ExerciseConfig,
  language: Language,
  codes: string[],
  index: number,
  mode: 'run' | 'check',
  onLoading?: (message: string) => void,
): Promise<Attempt> {
  const runner = runnerFor(language);
  const options = onLoading ? { onLoading } : {};
  if (mode === 'run') {
    const steps = config.steps.slice(0, index + 1).map((step, i) => ({ id: step.id, code: codes[i]!, capture: step.defines.map((d) => d.name) }));
    return { runs: await runner.run(steps, options) };
  }
  const { runs, reports, notBuiltInLoop } = await judge(config, { language, steps: codes }, index, (steps) => runner.run(steps, options));
  const report = reports[index]!;
  return { runs, report, headline: headline(report, index + 1), notBuiltInLoop: notBuiltInLoop[index]! };
}
