import { preparePython, runPython, type PyodideLike, type PythonHost, type PythonSession } from './python.ts';
import { TRACE_LIMITS } from '../trace/schema.ts';
import { postingObserver, RUN_BUDGET_MS, unfinishedStep, type RunRequest, type RunnerMessage } from './protocol.ts';

/** What a Python worker accepts: runs, plus one message a host may send right after creating it. */
export type PythonWorkerRequest =
  | RunRequest
  /** Shared memory the host writes 2 into to interrupt a runaway step (SIGINT). */
  | { type: 'interrupt-buffer'; buffer: SharedArrayBuffer };

export interface PythonServiceOptions {
  /** Boots an interpreter, reporting progress in words a learner can read. */
  load(progress: (message: string) => void): Promise<PyodideLike>;
  /** The text of python_harness.py. */
  harness: string;
  /** What the harness gets from its host (the standard library's second zip). */
  host?: PythonHost;
  post(message: RunnerMessage): void;
}

/**
 * The body of the Python worker: boots Pyodide as soon as it is made (a page makes the worker
 * when a student heads for an editor), broadcasts its progress and readiness, and runs requests
 * one after another on the same interpreter. Returns the message handler.
 *
 * Progress is broadcast rather than answered per run because the boot blocks this thread for
 * long stretches: a run posted meanwhile is read only once the boot is over, so the host, not
 * the worker, must tell that run that Python is still loading.
 */
export function servePython({ load, harness, host, post }: PythonServiceOptions): (request: PythonWorkerRequest) => void {
  let session: Promise<PythonSession> | undefined;
  let pyodide: PyodideLike | undefined;
  let interrupt: Int32Array | undefined;
  let queue: Promise<void> = Promise.resolve();

  const report = (message: string) => post({ type: 'loading', message });
  // The second zip is downloaded by an import, in the middle of a run: the host hears `loading`
  // when the download starts and `ready` once the module that asked for it has run, so that a
  // slow link does not use up the run's time budget (RunnerHost's downloadAllowanceMs).
  const announced: PythonHost | undefined = host?.stdlibRest && {
    stdlibRest: () => {
      report("Downloading more of Python's standard library (only once)…");
      return host.stdlibRest!();
    },
    stdlibRestOpened: () => post({ type: 'ready' }),
  };
  const boot = (): Promise<PythonSession> =>
    (session ??= (async () => {
      report('Loading Python…');
      // Progress a load reports after it has ended would tell the host Python is loading again.
      let loading = true;
      pyodide = await load((message) => loading && report(message)).finally(() => (loading = false));
      if (interrupt) pyodide.setInterruptBuffer?.(interrupt);
      report('Preparing Python…');
      const prepared = preparePython(pyodide, harness, announced);
      post({ type: 'ready' });
      return prepared;
    })());

  const run = async ({ runId, steps, trace, budgetMs = RUN_BUDGET_MS }: RunRequest) => {
    let ready: PythonSession;
    try {
      ready = await boot();
    } catch (error) {
      session = undefined;
      const reason = error instanceof Error ? error.message : String(error);
      steps.forEach((step, index) => {
        const result = unfinishedStep(step.id, 'skipped', { kind: 'runtime', name: 'LoadError', message: `Python could not be loaded: ${reason}` });
        post({ type: 'step-finished', runId, index, result: { ...result, status: index === 0 ? 'error' : 'skipped' } });
      });
      return;
    }
    // An interrupt meant for a run that already ended must not stop this one.
    if (interrupt) Atomics.store(interrupt, 0, 0);
    const tracing = trace ? { deadline: performance.now() + budgetMs - TRACE_LIMITS.stopBeforeBudgetMs, onChunk: (chunk: unknown) => post({ type: 'trace', runId, chunk } as RunnerMessage) } : undefined;
    runPython(ready, steps, postingObserver(runId, post), tracing);
    if (ready.broken) session = undefined;
  };

  // Booting waits for no message: a message to a worker still starting was delivered only once
  // the page's thread was free, and on a first visit that thread is busy with the editor.
  boot().catch(() => {
    session = undefined;
  });
  return (request) => {
    switch (request.type) {
      case 'interrupt-buffer':
        interrupt = new Int32Array(request.buffer);
        pyodide?.setInterruptBuffer?.(interrupt);
        break;
      case 'run':
        queue = queue.then(() => run(request)).finally(() => post({ type: 'done', runId: request.runId }));
        break;
    }
  };
}
