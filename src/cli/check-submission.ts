import { report, type StepReport } from '../lib/checker/check-step.ts';
import { judge } from '../lib/checker/judge.ts';
import type { Exercise } from '../lib/exercise/exercise.ts';
import { splitSource } from '../lib/exercise/step-markers.ts';
import type { RunnerHost } from '../lib/runner/host.ts';
import type { Language } from '../lib/runner/protocol.ts';

/** How a step's status is shown in the terminal and in reports: symbols every font has. */
export const STATUS_LABEL: Record<StepReport['status'], string> = { pass: '✓ pass', fail: '✗ fail', error: '! error', timeout: '◷ timeout' };

export interface SubmissionReport {
  exercise: string;
  language: Language;
  steps: StepReport[];
}

/**
 * Checks a whole-project submission: each `# Step N` marker starts a cell, the text above the
 * first marker runs before step 1, and the cells are judged exactly as in the browser. A file
 * whose markers do not match the exercise's steps is not run: each step says what to fix.
 */
export async function checkSubmission(exercise: Exercise, language: Language, source: string, host: RunnerHost): Promise<SubmissionReport> {
  const { preamble, steps: chunks } = splitSource(source);
  const found = chunks.map((chunk) => chunk.step);
  const marked = found.length === exercise.steps.length && found.every((step, index) => step === index + 1);
  if (!marked) {
    const comment = language === 'python' ? '#' : '//';
    const wanted = exercise.steps.map((_, index) => index + 1);
    const have = found.length === 0 ? 'has no step markers' : `has the step markers ${found.join(', ')}`;
    const message = `This file ${have}, so its steps cannot be told apart. Start each step with a comment line "${comment} Step N", for N = ${wanted.join(', ')}, as in the starter code.`;
    return { exercise: exercise.id, language, steps: exercise.steps.map((step) => report(step.id, 'error', 'no-markers', [message])) };
  }
  const { reports } = await judge(
    exercise,
    {
      language,
      steps: chunks.map((chunk) => chunk.code),
      ...(preamble ? { preamble: preamble.code } : {}),
      firstLines: { steps: chunks.map((chunk) => chunk.firstLine), ...(preamble ? { preamble: preamble.firstLine } : {}) },
    },
    exercise.steps.length - 1,
    // A timeout counts only when a second run confirms it: on a busy machine (a class graded on
    // a laptop doing other work) the first may be the machine's fault, not the code's. An
    // endless loop costs one more budget.
    async (steps) => {
      const runs = await host.run(steps);
      return runs.some((run) => run.status === 'timeout') ? host.run(steps) : runs;
    },
  );
  return { exercise: exercise.id, language, steps: reports };
}
