import { checkStep, type StepReport } from '../lib/checker/check-step.ts';
import type { Exercise } from '../lib/exercise/exercise.ts';
import { normalizeCode, splitSteps } from '../lib/exercise/step-markers.ts';
import type { RunnerHost } from '../lib/runner/host.ts';
import type { Language, StepRun } from '../lib/runner/protocol.ts';

/** How a step's status is shown in the terminal and in reports: symbols every font has. */
export const STATUS_LABEL: Record<StepReport['status'], string> = { pass: '✓ pass', fail: '✗ fail', error: '! error', timeout: '◷ timeout' };

export interface SubmissionReport {
  exercise: string;
  language: Language;
  steps: StepReport[];
}

/**
 * Checks a whole-project submission. With `# Step N` markers each step runs as its own cell,
 * exactly as in the browser; without them the file runs as one cell and every step is judged
 * on the names it leaves behind.
 */
export async function checkSubmission(exercise: Exercise, language: Language, source: string, host: RunnerHost): Promise<SubmissionReport> {
  const chunks = splitSteps(source);
  const marked = chunks.length === exercise.steps.length && chunks.every((chunk, index) => chunk.step === index + 1);
  const starters = exercise.steps.map((step) => step.code[language]?.starter ?? '');
  let runs: StepRun[];
  let codes: string[];
  if (marked) {
    codes = chunks.map((chunk) => chunk.code);
    runs = await host.run(exercise.steps.map((step, index) => ({ id: step.id, code: codes[index]!, capture: step.defines.map((d) => d.name) })));
    // Report error lines as lines of the submitted file, not of the cell.
    runs.forEach((run, index) => {
      if (run.error?.line) run.error.line += chunks[index]!.firstLine - 1;
    });
  } else {
    const [whole] = await host.run([{ id: 'submission', code: source, capture: exercise.steps.flatMap((step) => step.defines.map((d) => d.name)) }]);
    runs = exercise.steps.map(() => whole!);
    codes = exercise.steps.map(() => source);
    // An unmarked file is "untouched" only if it is the whole starter file.
    starters.fill(normalizeCode(starters.join('\n')) === normalizeCode(source) ? source : '\u0000');
  }
  const steps = exercise.steps.map((step, index) =>
    checkStep({ step, number: index + 1, run: runs[index]!, language, code: codes[index]!, starter: starters[index]! }),
  );
  return { exercise: exercise.id, language, steps };
}
