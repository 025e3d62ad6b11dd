import { PYTHON_HARNESS } from './python-harness.ts';
import { runInOrder, unfinishedStep, type PlainValue, type RunError, type RunObserver, type StepRun, type StepSource } from './protocol.ts';

/**
 * The little of a Pyodide instance the runner uses, so that this module works the same with
 * the browser build (worker) and the Node package (CLI, tests) and never imports either.
 */
export interface PyodideLike {
  runPython(code: string, options?: { globals?: any; filename?: string }): any;
  setInterruptBuffer?(buffer: Int32Array): void;
}

interface PyCallable {
  (...args: unknown[]): unknown;
  destroy?(): void;
}

/** One interpreter with the harness loaded: reused for every run, never sharing learner state. */
export interface PythonSession {
  readonly beginRun: PyCallable;
  readonly runStep: PyCallable;
  readonly endRun: PyCallable;
  /** Set when the interpreter can no longer be trusted (a fatal Pyodide error): boot a new one. */
  broken: boolean;
}

/** What the harness answers for one step (see python-harness.ts). */
interface HarnessStep {
  status: 'ok' | 'error';
  loop: boolean;
  output: string;
  truncated: boolean;
  error?: RunError;
  values: Record<string, PlainValue>;
  unreadable: Record<string, [what: string, at: string]>;
  defined: string[];
}

/**
 * Loads the harness into its own namespace of a booted interpreter and runs it once with
 * throwaway steps, so that the first real run imports nothing and costs what later runs cost.
 */
export function preparePython(pyodide: PyodideLike): PythonSession {
  // A dict of its own, so the harness never shares names with __main__ or with the learner.
  const namespace = pyodide.runPython('{}') as { get(name: string): unknown };
  pyodide.runPython(PYTHON_HARNESS, { globals: namespace, filename: '<stepwise>' });
  (namespace.get('warm_up') as PyCallable)();
  return {
    beginRun: namespace.get('begin_run') as PyCallable,
    runStep: namespace.get('run_step') as PyCallable,
    endRun: namespace.get('end_run') as PyCallable,
    broken: false,
  };
}

/**
 * Runs steps 1..N of a learner's Python with notebook semantics, the contract of
 * {@link runJavaScript}: a fresh globals dict every call, each step sees what earlier steps
 * defined, and the first step that does not finish skips the rest.
 */
export function runPython(session: PythonSession, steps: StepSource[], observer: RunObserver): void {
  call(session, () => session.beginRun());
  try {
    runInOrder(steps, observer, (step, index) => runStep(session, step, index));
  } finally {
    if (!session.broken) call(session, () => session.endRun());
  }
}

function runStep(session: PythonSession, step: StepSource, index: number): StepRun {
  let answer: HarnessStep;
  try {
    answer = JSON.parse(session.runStep(index + 1, step.code, JSON.stringify(step.capture)) as string) as HarnessStep;
  } catch (error) {
    return failedInHarness(session, step.id, error);
  }
  const unreadable: Record<string, string> = {};
  for (const [name, [what, at]] of Object.entries(answer.unreadable)) unreadable[name] = `\`${name}${at}\` is ${what}`;
  return {
    id: step.id,
    status: answer.status,
    output: answer.output,
    truncated: answer.truncated,
    ...(answer.error ? { error: answer.error } : {}),
    values: answer.values,
    unreadable,
    defined: answer.defined,
    features: { loop: answer.loop },
  };
}

/**
 * The harness itself raised: an interrupt that landed outside the learner's code (reported as
 * a KeyboardInterrupt, which hosts turn into a timeout), or Pyodide failing underneath us.
 */
function failedInHarness(session: PythonSession, id: string, error: unknown): StepRun {
  const type = (error as { type?: string }).type;
  if (type === 'KeyboardInterrupt') {
    return { ...unfinishedStep(id, 'timeout', { kind: 'runtime', name: 'KeyboardInterrupt', message: 'stopped' }), status: 'error' };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (!type) session.broken = true;
  const memory = /memory|RangeError/i.test(message);
  return {
    ...unfinishedStep(id, 'timeout', {
      kind: 'runtime',
      name: memory ? 'MemoryError' : 'InternalError',
      message: memory ? 'out of memory: your code asked for more memory than the browser can give' : `Python stopped unexpectedly: ${message.split('\n').at(-1)}`,
    }),
    status: 'error',
  };
}

function call(session: PythonSession, action: () => unknown): void {
  try {
    action();
  } catch (error) {
    if ((error as { type?: string }).type === undefined) session.broken = true;
  }
}

