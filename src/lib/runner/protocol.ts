/**
 * The one contract between the page (or CLI) and a language runner, whatever the language.
 * A runner receives the code of steps 1..N and answers with one {@link StepRun} per step,
 * posted as each step finishes so that a host that has to stop a runaway step still knows
 * what the earlier steps did. Modelled on Exercism's runner interface: "error" (the code
 * never finished) is kept apart from a wrong answer, which only the checker decides.
 */
import type { TraceChunk } from '../trace/schema.ts';

export const LANGUAGES = ['python', 'javascript'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Data a checker can read: what survives JSON, in any language. */
export type PlainValue = null | boolean | number | string | PlainValue[] | { [key: string]: PlainValue };

/** Wall-clock budget of one run of steps 1..N. */
export const RUN_BUDGET_MS = 2000;

/** Output kept per run, so that a print in a loop cannot flood the page or the worker. */
export const OUTPUT_LIMITS = { lines: 1000, bytes: 100_000 } as const;

/**
 * What a host accepts from a runner, whose answers carry whatever the learner's code made:
 * anything longer or deeper is cut or refused (see messages.ts), never trusted to be small.
 */
export const MESSAGE_LIMITS = {
  /** Characters of an error's name, message or traceback. */
  errorChars: 4000,
  /** Characters of the JSON of one captured value. */
  valueChars: 200_000,
  /** Nesting of arrays and objects in a captured value. */
  valueDepth: 64,
  /** Names listed as defined after a step. */
  names: 500,
  /** Characters of one message between a sandbox and its host (one line of JSON). */
  messageChars: 2_000_000,
} as const;

export interface StepSource {
  id: string;
  code: string;
  /** Names whose values the runner sends back after this step. */
  capture: string[];
}

export interface RunRequest {
  type: 'run';
  runId: number;
  steps: StepSource[];
  /** The host's budget, for runners that enforce it themselves (QuickJS); the host still stops them. */
  budgetMs?: number;
  /**
   * Trace the last step line by line (Python): the runner posts `trace` messages with what
   * each executed line left in the step's names, before that step's `step-finished`.
   */
  trace?: boolean;
}

export type RunErrorKind = 'syntax' | 'runtime' | 'timeout' | 'skipped';

export interface RunError {
  kind: RunErrorKind;
  /** Error class as the language names it: SyntaxError, NameError, TypeError… */
  name: string;
  message: string;
  /** 1-based line within the step's own code, when known. */
  line?: number;
  column?: number;
  /** A short traceback limited to the learner's own code (Python). */
  traceback?: string;
}

export interface StepRun {
  id: string;
  /** ok: the step ran to its end. error/timeout: it did not. skipped: an earlier step did not. */
  status: 'ok' | 'error' | 'timeout' | 'skipped';
  output: string;
  truncated: boolean;
  error?: RunError;
  /** Captured names that held readable data. */
  values: Record<string, PlainValue>;
  /** Captured names whose value cannot be read as data, with a description of what it is. */
  unreadable: Record<string, string>;
  /** Every top-level name the learner's code had defined once this step ended. */
  defined: string[];
}

export type RunnerMessage =
  /** The runtime is starting (Pyodide): what it is doing, for whoever waits. Not tied to a run. */
  | { type: 'loading'; message: string }
  /** The runtime has started; runs from now on begin at once. */
  | { type: 'ready' }
  | { type: 'step-started'; runId: number; index: number }
  | { type: 'step-finished'; runId: number; index: number; result: StepRun }
  /** Recorded lines of the traced step, in order (see src/lib/trace/schema.ts). */
  | { type: 'trace'; runId: number; chunk: TraceChunk }
  | { type: 'done'; runId: number };

/** A run that never reached a step: used for skipped steps and by hosts that stop a worker. */
export function unfinishedStep(id: string, status: 'timeout' | 'skipped', error: RunError): StepRun {
  return { id, status, output: '', truncated: false, error, values: {}, unreadable: {}, defined: [] };
}

/** A step that did not run because step `failedAt + 1` did not finish (by error or, for the host, timeout). */
export function skippedStep(id: string, failedAt: number, cause: 'Skipped' | 'Timeout' = 'Skipped'): StepRun {
  return unfinishedStep(id, 'skipped', { kind: 'skipped', name: cause, message: `Step ${failedAt + 1} did not finish, so this step did not run.` });
}

export interface RunObserver {
  started(index: number): void;
  finished(index: number, result: StepRun): void;
}

/** The observer every runner's process gives a run: each step's start and end, posted as protocol messages. */
export const postingObserver = (runId: number, post: (message: RunnerMessage) => void): RunObserver => ({
  started: (index) => post({ type: 'step-started', runId, index }),
  finished: (index, result) => post({ type: 'step-finished', runId, index, result }),
});

/**
 * Notebook order, shared by every runner: steps run one after another, each reported as it
 * ends, and once one does not finish the rest are reported as skipped without running.
 */
export function runInOrder(steps: StepSource[], observer: RunObserver, runStep: (step: StepSource, index: number) => StepRun): void {
  let failedAt = -1;
  steps.forEach((step, index) => {
    if (failedAt !== -1) return observer.finished(index, skippedStep(step.id, failedAt));
    observer.started(index);
    const result = runStep(step, index);
    if (result.status !== 'ok') failedAt = index;
    observer.finished(index, result);
  });
}
