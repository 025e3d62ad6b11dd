import type { ExerciseStep } from '../exercise/exercise.ts';
import { normalizeCode } from '../exercise/step-markers.ts';
import { RUN_BUDGET_MS, type Language, type PlainValue, type StepRun } from '../runner/protocol.ts';
import { findDifferences } from './compare-values.ts';
import { capMessages, MESSAGES_SHOWN, wordFindings, type Finding } from './findings.ts';
import { didYouMean } from './text-similarity.ts';
import { describeType, fillTypeWords } from './words.ts';

export type StepStatus = 'pass' | 'fail' | 'error' | 'timeout';

/**
 * Why a step did not pass. fail: `not-attempted` (starter code), `wrong` (values differ),
 * `no-loop` (not built in a loop), `not-general` (right only for the data given),
 * `earlier-step` (wrong, and built on an earlier step that is wrong too). error: `syntax`,
 * `runtime`, `blocked` (an earlier step did not finish), `no-markers` (a file without step
 * markers). timeout: `timeout`.
 */
export type StepReason = 'not-attempted' | 'wrong' | 'no-loop' | 'not-general' | 'earlier-step' | 'syntax' | 'runtime' | 'blocked' | 'no-markers' | 'timeout';

/** What the learner reads about one step: the shape `stepwise check --json` prints too. */
export interface StepReport {
  id: string;
  status: StepStatus;
  /** Present whenever the status is not pass. */
  reason?: StepReason;
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
  /** Names the step must build in a loop but does not, found on the syntax tree by the caller. */
  notBuiltInLoop?: string[];
  /** Values of the other names the step defined, so "did you mean" offers one of the same type. */
  otherNames?: Record<string, PlainValue>;
  /** What did not finish when this step was skipped: "step 2", "the code above Step 1". */
  blockedBy?: string;
}

export const NOT_ATTEMPTED = 'Not attempted yet: this step still holds its starter code. Write your solution, then check again.';

const kindOf = (value: PlainValue) => (Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value);

export const report = (id: string, status: StepStatus, reason: StepReason | undefined, messages: string[]): StepReport =>
  status === 'pass' ? { id, status, messages: [] } : { id, status, reason: reason!, messages };

/** Turns one step's run into a verdict with messages a learner can act on. */
export function checkStep({ step, number, run, language, code, starter, notBuiltInLoop = [], otherNames = {}, blockedBy }: CheckInput): StepReport {
  const verdict = (status: StepStatus, reason: StepReason | undefined, messages: string[]) => report(step.id, status, reason, messages);
  if (code !== undefined && starter !== undefined && normalizeCode(code) === normalizeCode(starter)) return verdict('fail', 'not-attempted', [NOT_ATTEMPTED]);

  if (run.status === 'timeout') {
    return verdict('timeout', 'timeout', [`Your code was still running after ${RUN_BUDGET_MS / 1000} seconds, so it was stopped. Look for a loop that never ends.`]);
  }
  if (run.status === 'skipped') {
    const stoppedBy = run.error?.name === 'Timeout' ? 'timeout' : 'error';
    const blocker = blockedBy ?? 'an earlier step';
    return verdict(stoppedBy, 'blocked', [`This step could not run because ${blocker} did not finish. Fix that ${blocker.endsWith('Step 1') ? 'code' : 'step'} first.`]);
  }
  if (run.status === 'error' && run.error) {
    const where = run.error.line ? ` on line ${run.error.line}` : '';
    const what = run.error.kind === 'syntax' ? `a syntax error${where}` : `${run.error.name}${where}`;
    return verdict('error', run.error.kind === 'syntax' ? 'syntax' : 'runtime', [`Your code stopped with ${what}: ${run.error.message}`]);
  }

  const findings: Finding[] = [];
  const say = (cause: string, text: string) => findings.push({ cause, rank: 1, path: cause, say: () => text });
  for (const { name, should, compare } of step.defines) {
    if (name in run.unreadable) {
      say(`unreadable:${name}`, `${run.unreadable[name]}, which the checker cannot read. Store plain data: ${fillTypeWords('{list}s, {dict}s, {str}s', language)} and numbers.`);
    } else if (!(name in run.values)) {
      say(`undefined:${name}`, `\`${name}\` is not defined.${suggestion(name, step.expected[name]!, otherNames, language)}`);
    } else {
      findings.push(...findDifferences(name, should, run.values[name]!, step.expected[name]!, compare, language));
    }
  }
  const wrong = findings.length > 0;
  const unbuilt = notBuiltInLoop.filter((name) => name in run.values);
  if (step.requires.includes('loop') && unbuilt.length > 0) {
    const names = unbuilt.map((name) => `\`${name}\``).join(' and ');
    say('loop', `This step asks you to build ${names} with a loop over the data, not to type the result: assign ${unbuilt.length === 1 ? 'it' : 'them'} inside the loop's body or in a comprehension.`);
  }
  if (findings.length === 0) return verdict('pass', undefined, []);
  return verdict('fail', wrong ? 'wrong' : 'no-loop', capMessages(wordFindings(findings)));
}

/**
 * "Did you mean" for a name the step did not define: a close name of the same type (a dict for
 * a dict), or else the only new name of that type, however it is spelled.
 */
function suggestion(name: string, expected: PlainValue, others: Record<string, PlainValue>, language: Language): string {
  const sameKind = Object.keys(others).filter((other) => kindOf(others[other]!) === kindOf(expected));
  const close = didYouMean(name, sameKind);
  if (close.length > 0) return ` Did you mean \`${close[0]}\`?`;
  if (sameKind.length === 1) return ` Your code builds ${describeType(expected, language)} named \`${sameKind[0]}\`; this step needs it named \`${name}\`.`;
  return '';
}

/**
 * A failing step whose earlier steps do not pass yet is most likely wrong because of them (its
 * code runs on their values), so the learner is sent back to the first of them before anything else.
 */
export function notingEarlierSteps(stepReport: StepReport, earlier: StepReport[]): StepReport {
  const unfinished = earlier.findIndex((step) => step.status !== 'pass');
  if (stepReport.status !== 'fail' || unfinished === -1 || stepReport.reason === 'not-attempted') return stepReport;
  const note = `Step ${unfinished + 1} is not done yet, and this step builds on it. Finish step ${unfinished + 1} first; the messages below may then go away.`;
  return { ...stepReport, reason: 'earlier-step', messages: [note, ...stepReport.messages] };
}

/** Headline of a report, as announced to the learner: it always starts with "Correct" or "Not yet". */
export function headline(stepReport: StepReport, number: number): string {
  switch (stepReport.status) {
    case 'pass':
      return `Correct! Step ${number} is done.`;
    case 'timeout':
      return 'Not yet: your code took too long and was stopped.';
    case 'error':
      return 'Not yet: your code did not run to the end.';
    default:
      if (stepReport.reason === 'not-attempted') return 'Not yet: not attempted yet.';
      if (stepReport.reason === 'earlier-step') return 'Not yet: an earlier step needs fixing first.';
      // More than MESSAGES_SHOWN messages means the last one counts the rest.
      return stepReport.messages.length > MESSAGES_SHOWN ? 'Not yet: several things to fix.' : `Not yet: ${plainCount(stepReport.messages.length)} to fix.`;
  }
}

const plainCount = (count: number) => (count === 1 ? 'one thing' : `${count} things`);
