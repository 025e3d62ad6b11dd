import type { ExerciseStep } from '../exercise/exercise.ts';
import { normalizeCode } from '../exercise/step-markers.ts';
import { RUN_BUDGET_MS, type Language, type StepRun } from '../runner/protocol.ts';
import { compareValue } from './compare-values.ts';
import { didYouMean } from './text-similarity.ts';
import { fillTypeWords } from './words.ts';

/** What the learner reads about one step: the shape `stepwise check --json` prints too. */
export interface StepReport {
  id: string;
  status: 'pass' | 'fail' | 'error' | 'timeout';
  messages: string[];
}

export type CheckedStep = Pick<ExerciseStep, 'id' | 'defines' | 'requires' | 'expected'>;

export interface CheckInput {
  step: CheckedStep;
  /** 1-based position, for messages about earlier steps. */
  number: number;
  run: StepRun;
  language: Language;
  /** The learner's code and the starter, to tell "not attempted" from "wrong". */
  code?: string;
  starter?: string;
}

export const NOT_ATTEMPTED = 'Not attempted yet: this step still holds its starter code. Write your solution, then check again.';

/** Turns one step's run into a verdict with messages a learner can act on. */
export function checkStep({ step, number, run, language, code, starter }: CheckInput): StepReport {
  const report = (status: StepReport['status'], messages: string[]): StepReport => ({ id: step.id, status, messages });
  if (code !== undefined && starter !== undefined && normalizeCode(code) === normalizeCode(starter)) return report('fail', [NOT_ATTEMPTED]);

  if (run.status === 'timeout') {
    return report('timeout', [`Your code was still running after ${RUN_BUDGET_MS / 1000} seconds, so it was stopped. Look for a loop that never ends.`]);
  }
  if (run.status === 'skipped') {
    const earlier = /Step (\d+)/.exec(run.error?.message ?? '')?.[1];
    const stoppedBy = run.error?.name === 'Timeout' ? 'timeout' : 'error';
    return report(stoppedBy, [`This step could not run because step ${earlier ?? 'an earlier step'} did not finish. Fix that step first.`]);
  }
  if (run.status === 'error' && run.error) {
    const where = run.error.line ? ` on line ${run.error.line}` : '';
    const what = run.error.kind === 'syntax' ? `a syntax error${where}` : `${run.error.name}${where}`;
    return report('error', [`Your code stopped with ${what}: ${run.error.message}`]);
  }

  const messages: string[] = [];
  for (const { name, should, compare } of step.defines) {
    if (name in run.unreadable) {
      messages.push(`${run.unreadable[name]}, which the checker cannot read. Store plain data: ${fillTypeWords('{list}s, {dict}s, {str}s', language)} and numbers.`);
    } else if (!(name in run.values)) {
      const suggestions = didYouMean(name, run.defined);
      messages.push(`\`${name}\` is not defined.${suggestions.length > 0 ? ` Did you mean \`${suggestions[0]}\`?` : ''}`);
    } else {
      messages.push(...compareValue(name, should, run.values[name]!, step.expected[name]!, compare, language));
    }
  }
  if (step.requires.includes('loop') && !run.features.loop) {
    const names = step.defines.map(({ name }) => `\`${name}\``).join(' and ');
    messages.push(`This step asks you to build ${names} with a loop, so that it would still work with a thousand customers. Your code does not use one yet.`);
  }
  return messages.length === 0 ? report('pass', []) : report('fail', messages);
}

/**
 * A failing step whose earlier steps do not pass yet is most likely wrong because of them (its
 * code runs on their values), so the learner is sent back to the first of them before anything else.
 */
export function notingEarlierSteps(report: StepReport, earlier: StepReport[]): StepReport {
  const unfinished = earlier.findIndex((step) => step.status !== 'pass');
  if (report.status !== 'fail' || unfinished === -1 || report.messages[0] === NOT_ATTEMPTED) return report;
  const note = `Step ${unfinished + 1} is not done yet, and this step builds on it. Finish step ${unfinished + 1} first; the messages below may then go away.`;
  return { ...report, messages: [note, ...report.messages] };
}

/** Headline of a report, as announced to the learner: it always starts with "Correct" or "Not yet". */
export function headline(report: StepReport, number: number): string {
  switch (report.status) {
    case 'pass':
      return `Correct! Step ${number} is done.`;
    case 'timeout':
      return 'Not yet: your code took too long and was stopped.';
    case 'error':
      return 'Not yet: your code did not run to the end.';
    default:
      return report.messages[0] === NOT_ATTEMPTED ? 'Not yet: not attempted yet.' : `Not yet: ${plainCount(report.messages.length)} to fix.`;
  }
}

const plainCount = (count: number) => (count === 1 ? 'one thing' : `${count} things`);
