import { TRACE_LIMITS } from '../trace/schema.ts';
import { MESSAGE_LIMITS, OUTPUT_LIMITS, runInOrder, unfinishedStep, type PlainValue, type RunError, type RunObserver, type StepRun, type StepSource } from './protocol.ts';

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
  readonly traceStep: PyCallable;
  /** Set when the interpreter can no longer be trusted (a fatal Pyodide error): boot a new one. */
  broken: boolean;
}

/** What the harness answers for one step (see python_harness.py). */
interface HarnessStep {
  status: 'ok' | 'error';
  output: string;
  truncated: boolean;
  error?: RunError;
  values: Record<string, PlainValue>;
  unreadable: Record<string, [what: string, at: string]>;
  defined: string[];
}

/** Where the harness lives in sys.modules, so that a memory snapshot taken after preparePython keeps it. */
const HARNESS_MODULE = '_stepwise_harness';

/**
 * Returns the harness module, loading it unless the interpreter already holds this very
 * source (restored from the build's snapshot, see src/build/pyodide-assets.mjs). A new module
 * runs once with throwaway steps, so that the first real run imports nothing and costs what
 * later runs cost; registering it first makes it part of the modules every run keeps.
 */
const INSTALL_HARNESS = `
def install(source, limits):
    import json, sys, types
    module = sys.modules.get('${HARNESS_MODULE}')
    if getattr(module, '__source__', None) != source:
        module = types.ModuleType('${HARNESS_MODULE}')
        module.__source__ = source
        sys.modules['${HARNESS_MODULE}'] = module
        exec(compile(source, '<stepwise>', 'exec'), module.__dict__)
        module.warm_up()
    module.__dict__.update(json.loads(limits))
    return module.__dict__
install
`;

/** The caps the harness keeps to, from protocol.ts, their one home. */
const HARNESS_LIMITS = JSON.stringify({
  MAX_LINES: OUTPUT_LIMITS.lines,
  MAX_CHARS: OUTPUT_LIMITS.bytes,
  MAX_ERROR_CHARS: MESSAGE_LIMITS.errorChars,
  MAX_TRACE_LINES: TRACE_LIMITS.lines,
  TRACE_CHUNK_LINES: TRACE_LIMITS.chunkEntries,
  MAX_TRACE_VALUE_CHARS: TRACE_LIMITS.valueChars,
});

/** Tracing the last step of a run: where its chunks go, and when the tracer must stop itself. */
export interface PythonTracing {
  /** performance.now() time at which the tracer ends the step and returns what it recorded. */
  deadline: number;
  /** A chunk as the harness wrote it: parsed JSON, still unchecked (the host reads it as hostile). */
  onChunk(chunk: unknown): void;
}

/** What the host gives the harness besides its text. Not given when the build makes the snapshot, which may hold no JavaScript. */
export interface PythonHost {
  /** The bytes of the standard library's second zip (STDLIB_REST_FILE), or undefined if they cannot be had. */
  stdlibRest?: () => Uint8Array | undefined;
  /** Called once the module whose import asked for the second zip has run (or the download failed). */
  stdlibRestOpened?: () => void;
}

/**
 * Loads the harness (the text of python_harness.py: read from disk in Node, imported with
 * `?raw` in the browser) into a booted interpreter, in its own module, never __main__ or the
 * learner's scope.
 */
export function preparePython(pyodide: PyodideLike, harnessSource: string, { stdlibRest, stdlibRestOpened }: PythonHost = {}): PythonSession {
  const install = pyodide.runPython(INSTALL_HARNESS, { globals: pyodide.runPython('{}') }) as PyCallable;
  const harness = install(harnessSource, HARNESS_LIMITS) as { get(name: string): unknown; set(name: string, value: unknown): void };
  if (stdlibRest) harness.set('load_stdlib_rest', stdlibRest);
  if (stdlibRestOpened) harness.set('stdlib_rest_opened', stdlibRestOpened);
  return {
    beginRun: harness.get('begin_run') as PyCallable,
    runStep: harness.get('run_step') as PyCallable,
    endRun: harness.get('end_run') as PyCallable,
    traceStep: harness.get('trace_step') as PyCallable,
    broken: false,
  };
}

/**
 * Runs steps 1..N of a learner's Python with notebook semantics, the contract of
 * {@link runJavaScript}: a fresh globals dict every call, each step sees what earlier steps
 * defined, and the first step that does not finish skips the rest.
 */
export function runPython(session: PythonSession, steps: StepSource[], observer: RunObserver, tracing?: PythonTracing): void {
  call(session, () => session.beginRun());
  try {
    runInOrder(steps, observer, (step, index) => runStep(session, step, index, index === steps.length - 1 ? tracing : undefined));
  } finally {
    if (!session.broken) call(session, () => session.endRun());
  }
}

function runStep(session: PythonSession, step: StepSource, index: number, tracing?: PythonTracing): StepRun {
  let answer: HarnessStep;
  try {
    const capture = JSON.stringify(step.capture);
    // The seconds left may be negative: the harness first gives back what an earlier step spent
    // waiting for the standard library's second zip (trace_step).
    const text = tracing
      ? session.traceStep(index + 1, step.code, capture, (chunk: string) => tracing.onChunk(JSON.parse(chunk)), (tracing.deadline - performance.now()) / 1000)
      : session.runStep(index + 1, step.code, capture);
    answer = JSON.parse(text as string) as HarnessStep;
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

