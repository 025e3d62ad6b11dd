/**
 * The one run-and-judge pipeline. The browser, `stepwise check`, `grade`, `validate` and the
 * tests all come here, so the same code always gets the same feedback. Running is delegated
 * (a Web Worker, a worker thread, in-process for tests); everything that decides the verdict
 * happens here, outside the learner's code: comparing values, "not attempted", the loop
 * requirement (read from a syntax tree parsed here) and the runs on variant data.
 */
import type { ExerciseStep } from '../exercise/exercise.ts';
import type { Variant } from '../exercise/schema.ts';
import type { Language, PlainValue, StepRun, StepSource } from '../runner/protocol.ts';
import { checkStep, notingEarlierSteps, report, type StepReport } from './check-step.ts';
import { findDifferences } from './compare-values.ts';
import { capMessages } from './findings.ts';
import { namesNotBuiltInLoop, type LoopFacts } from './loop-analysis.ts';
import { withVariant } from './variants.ts';

/** What the judge needs of an exercise: what a page carries, no reference solution. */
export interface JudgedExercise {
  steps: (Pick<ExerciseStep, 'id' | 'defines' | 'requires' | 'expected' | 'generalizes' | 'variantExpected'> & {
    code: Partial<Record<Language, { starter: string }>>;
  })[];
  variants: Variant[];
}

export interface Submission {
  language: Language;
  /** The code of steps 1..N. */
  steps: string[];
  /** Code above the first step marker of a file (imports, helpers); it runs before step 1. */
  preamble?: string;
  /** For files: the line each step's code (and the preamble) starts on, so error lines are file lines. */
  firstLines?: { steps: number[]; preamble?: number };
}

/** Runs steps 1..N in a fresh scope and answers with one run per step. */
export type RunSteps = (steps: StepSource[]) => Promise<StepRun[]>;

export interface Judgement {
  /** The runs of steps 1..N on the learner's own data (for output and values shown on the page). */
  runs: StepRun[];
  /** One report per step 1..N. */
  reports: StepReport[];
  /** Per step, the names it must build in a loop but does not (read from the syntax tree). */
  notBuiltInLoop: string[][];
}

const PREAMBLE_ID = 'preamble';

/** The language's parser of loop facts, loaded only when first needed. */
const loopParser = (language: Language): Promise<(code: string) => LoopFacts | undefined> =>
  language === 'python' ? import('./python-loops.ts').then((parser) => parser.pythonLoopFacts) : import('./javascript-loops.ts').then((parser) => parser.javascriptLoopFacts);

/** Judges steps 1..`upTo` + 1 of a submission (`upTo` is a 0-based step index). */
export async function judge(exercise: JudgedExercise, submission: Submission, upTo: number, run: RunSteps): Promise<Judgement> {
  const { language, preamble } = submission;
  const steps = exercise.steps.slice(0, upTo + 1);
  const codes = steps.map((_, index) => submission.steps[index] ?? '');
  const hasPreamble = preamble !== undefined && preamble.trim() !== '';
  const sources = (capture: (index: number) => string[]): StepSource[] => [
    ...(hasPreamble ? [{ id: PREAMBLE_ID, code: preamble, capture: [] }] : []),
    ...steps.map((step, index) => ({ id: step.id, code: codes[index]!, capture: capture(index) })),
  ];
  const offset = hasPreamble ? 1 : 0;
  const named = (index: number) => steps[index]!.defines.map((defined) => defined.name);

  // The parser loads while the code runs: on a first visit that is a download, which would
  // otherwise wait until Python had started.
  const parsing = loopParser(language);
  const allRuns = await run(sources(named));
  const preambleRun = hasPreamble ? allRuns[0]! : undefined;
  let runs = allRuns.slice(offset);
  mapErrorLines(preambleRun, runs, submission.firstLines);

  // A name the step should define is missing: run again, reading every name the step made, so
  // "did you mean" can offer one of the right type. Costs a run only when a name is missing.
  const missing = runs.some((stepRun, index) => stepRun.status === 'ok' && named(index).some((name) => !(name in stepRun.values) && !(name in stepRun.unreadable)));
  let others: Record<string, PlainValue>[] = steps.map(() => ({}));
  if (missing) {
    const known = (index: number) => new Set(index === 0 ? (preambleRun?.defined ?? []) : runs[index - 1]!.defined);
    const created = runs.map((stepRun, index) => stepRun.defined.filter((name) => !known(index).has(name)));
    const again = (await run(sources((index) => [...new Set([...named(index), ...created[index]!])]))).slice(offset);
    others = again.map((stepRun, index) => Object.fromEntries(Object.entries(stepRun.values).filter(([name]) => !named(index).includes(name))));
  }

  const blocker = firstUnfinished(preambleRun, runs);
  // Functions defined above a step (preamble, earlier steps) may hold the loop that builds its names.
  const helperFacts: LoopFacts[] = [];
  const loopFacts = await parsing;
  const preambleFacts = hasPreamble ? loopFacts(preamble) : undefined;
  if (preambleFacts) helperFacts.push(preambleFacts);
  const reports: StepReport[] = [];
  const unbuilt: string[][] = [];
  for (const [index, step] of steps.entries()) {
    const code = codes[index]!;
    let notBuiltInLoop: string[] = [];
    const facts = loopFacts(code);
    const built = step.defines.filter((defined) => !defined.given).map((defined) => defined.name);
    if (step.requires.includes('loop') && facts) notBuiltInLoop = namesNotBuiltInLoop(facts, built, helperFacts);
    unbuilt.push(notBuiltInLoop);
    if (facts) helperFacts.push(facts);

    let stepRun = runs[index]!;
    if (index === 0 && preambleRun && preambleRun.status !== 'ok') stepRun = { ...preambleRun, id: step.id };
    const checked = checkStep({
      step,
      number: index + 1,
      run: stepRun,
      language,
      code,
      ...(step.code[language] ? { starter: step.code[language].starter } : {}),
      notBuiltInLoop,
      otherNames: others[index]!,
      ...(blocker ? { blockedBy: blocker } : {}),
    });
    reports.push(index === 0 && preambleRun && preambleRun.status === 'error' ? inPreamble(checked) : checked);
  }

  await checkVariants(exercise, submission, steps, reports, run, hasPreamble ? preamble : undefined);
  return { runs, reports: reports.map((stepReport, index) => notingEarlierSteps(stepReport, reports.slice(0, index))), notBuiltInLoop: unbuilt };
}

/** An error above step 1 is reported on step 1, saying where it is. */
function inPreamble(stepReport: StepReport): StepReport {
  return { ...stepReport, messages: stepReport.messages.map((message) => message.replace(/^Your code stopped/, 'Your code above Step 1 stopped')) };
}

/** Words for the first part of the submission that did not finish, for skipped steps. */
function firstUnfinished(preambleRun: StepRun | undefined, runs: StepRun[]): string | undefined {
  if (preambleRun && preambleRun.status !== 'ok') return 'the code above Step 1';
  const index = runs.findIndex((stepRun) => stepRun.status === 'error' || stepRun.status === 'timeout');
  return index === -1 ? undefined : `step ${index + 1}`;
}

function mapErrorLines(preambleRun: StepRun | undefined, runs: StepRun[], firstLines: Submission['firstLines']): void {
  if (!firstLines) return;
  if (preambleRun?.error?.line && firstLines.preamble) preambleRun.error.line += firstLines.preamble - 1;
  runs.forEach((stepRun, index) => {
    const first = firstLines.steps[index];
    if (stepRun.error?.line && first) stepRun.error.line += first - 1;
  });
}

/**
 * Runs the submission again on each variant's data and fails a step that passed on the given
 * data but not on the other: its values were typed, or they do not follow from the data.
 */
async function checkVariants(
  exercise: JudgedExercise,
  submission: Submission,
  steps: JudgedExercise['steps'],
  reports: StepReport[],
  run: RunSteps,
  preamble: string | undefined,
): Promise<void> {
  const checked = steps.map((step, index) => (step.generalizes && reports[index]!.status === 'pass' ? index : -1)).filter((index) => index !== -1);
  if (checked.length === 0) return;
  const last = Math.max(...checked);
  const plain: StepSource[] = steps.slice(0, last + 1).map((step, index) => ({ id: step.id, code: submission.steps[index] ?? '', capture: step.defines.map((d) => d.name) }));
  for (const [number, variant] of exercise.variants.entries()) {
    const { sources, positions } = withVariant(steps, plain, variant, submission.language);
    const withPreamble = preamble === undefined ? sources : [{ id: PREAMBLE_ID, code: preamble, capture: [] }, ...sources];
    const variantRuns = (await run(withPreamble)).slice(preamble === undefined ? 0 : 1);
    const from = Object.keys(variant.values).map((name) => `\`${name}\``).join(' and ');
    for (const index of checked) {
      if (reports[index]!.status !== 'pass') continue;
      const step = steps[index]!;
      const variantRun = variantRuns[positions[index]!]!;
      const messages: string[] = [];
      if (variantRun.status !== 'ok') {
        const what = variantRun.status === 'timeout' ? 'it runs out of time' : `it stops with ${variantRun.error?.name ?? 'an error'}: ${variantRun.error?.message ?? ''}`;
        messages.push(`Your code is right for this data, but with ${variant.description} ${what}. It should work for any ${from}.`);
      } else {
        for (const { name, should, compare } of step.defines) {
          const wanted = step.variantExpected[number]?.[name];
          const got = variantRun.values[name];
          const same = (value: PlainValue, other: PlainValue) => findDifferences(name, should, value, other, compare, submission.language).length === 0;
          if (wanted === undefined || (got !== undefined && same(got, wanted))) continue;
          const stays = got !== undefined && same(got, step.expected[name]!);
          messages.push(
            stays
              ? `\`${name}\` is right for this data but does not follow from ${from}: with ${variant.description} it stays the same. Build it from ${from} instead of typing it.`
              : `\`${name}\` is right for this data but not for other data: with ${variant.description} it comes out wrong. Build it from ${from} alone.`,
          );
        }
      }
      if (messages.length > 0) reports[index] = report(step.id, 'fail', 'not-general', capMessages(messages));
    }
  }
}
