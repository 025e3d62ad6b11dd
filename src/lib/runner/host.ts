import { readRunnerMessage } from './messages.ts';
import type { TraceChunk } from '../trace/schema.ts';
import { RUN_BUDGET_MS, skippedStep, unfinishedStep, type RunnerMessage, type StepRun, type StepSource } from './protocol.ts';

/** What a worker says about one run, as opposed to about its runtime (loading, ready). */
type RunMessage = Extract<RunnerMessage, { runId: number }>;

/** The little a host needs from a worker, whether a browser Worker, a Node worker thread or a sandbox process. */
export interface WorkerPort {
  post(message: unknown): void;
  /** Every message is read as hostile data (readRunnerMessage) before the host acts on it. */
  onMessage(listener: (message: unknown) => void): void;
  onError(listener: (error: Error) => void): void;
  /**
   * The worker ended on its own (a sandbox process that was killed, crashed or ran out of
   * memory): the step that was running gets an error with this reason, the batch goes on.
   */
  onExit?(listener: (reason: string) => void): void;
  terminate(): void;
  /**
   * Asks the running code to stop without killing the worker (Python's interrupt buffer).
   * Hosts fall back to terminate() when this is absent or the worker does not answer soon.
   */
  interrupt?(): void;
}

export interface RunOptions {
  /**
   * Progress text while a runtime loads (Pyodide). The time budget starts after loading, and
   * stands still while the runtime downloads more of itself mid-run (see downloadAllowanceMs).
   */
  onLoading?(message: string): void;
  budgetMs?: number;
  /** Trace the last step: its recorded lines arrive here, in order, while it runs. */
  onTrace?(chunk: TraceChunk): void;
}

/**
 * How long an interrupted worker may take to report back before it is terminated. A restart
 * costs the learner a new runtime (seconds for Python), so this errs long: on two cores with
 * three busy loops and two browsers, Python took up to 235 ms to answer an interrupt, and CI,
 * slower still, once went over the 300 ms this used to be.
 */
const INTERRUPT_GRACE_MS = 1000;

/** One run in flight: what it has heard so far and how it ends. */
interface PendingRun {
  onMessage(message: RunMessage): void;
  /** The worker is gone: results so far stand, the running step reads `reason`. */
  onWorkerGone(reason: string): void;
  onError(error: Error): void;
  onLoading?: (message: string) => void;
  /** The runtime is downloading part of itself (`loading`) or is done (`ready`). */
  onRuntime(state: 'loading' | 'ready'): void;
  /** Whether the worker has begun it (said `step-started`): a worker runs one run at a time. */
  started(): boolean;
  /** Sends it again, to the next worker; once only. False when it was sent again already. */
  resend(): boolean;
}

export interface HostOptions {
  /**
   * A runtime may download part of itself in the middle of a run: Python fetches its standard
   * library's second zip the first time code imports from it. It says so with `loading`, then
   * `ready`, and the run's budget stands still in between, for at most this long per run, since
   * a download on a slow link is not the learner's loop. Hosts whose workers never download (the
   * Node sandboxes, whose messages learner code might forge) keep the default: no allowance.
   */
  downloadAllowanceMs?: number;
}

/**
 * Sends runs to a worker and enforces the time budget. A runaway step is interrupted or,
 * failing that, the worker is terminated and a fresh one is made for the next run; either
 * way every caller gets a result for every step, never a hung promise, even when runs overlap.
 *
 * Runs may be sent while others are in flight (the grader's JavaScript sandbox serves several
 * students' runs, queued, so that it never waits for the grader's judging). A worker runs them
 * one after another, so when it ends, only the run it had begun is to blame: runs it had not
 * begun are sent again to the next worker, and no student's code ends another student's run.
 */
export class RunnerHost {
  private port: WorkerPort | undefined;
  private nextRunId = 1;
  private readonly createWorker: () => WorkerPort;
  /** Runs sent to the current worker and not finished yet, by run id. */
  private readonly pending = new Map<number, PendingRun>();
  /** What the runtime reported last while starting; undefined once it is ready. */
  private starting: string | undefined;
  private readonly downloadAllowanceMs: number;

  constructor(createWorker: () => WorkerPort, { downloadAllowanceMs = 0 }: HostOptions = {}) {
    this.createWorker = createWorker;
    this.downloadAllowanceMs = downloadAllowanceMs;
  }

  /** Starts the worker ahead of the first run, so that a runtime can load in the background. */
  warmUp(): void {
    this.worker();
  }

  run(steps: StepSource[], options: RunOptions = {}): Promise<StepRun[]> {
    const budget = options.budgetMs ?? RUN_BUDGET_MS;
    const runId = this.nextRunId++;
    let port = this.worker();
    if (this.starting) options.onLoading?.(this.starting);
    const request = { type: 'run', runId, steps, budgetMs: budget, ...(options.onTrace ? { trace: true } : {}) };
    return new Promise<StepRun[]>((resolve, reject) => {
      const results: StepRun[] = [];
      let running = -1;
      let timer: ReturnType<typeof setTimeout> | undefined;
      // The budget's clock: it runs from the first step's start, except during a download.
      let budgetLeft = budget;
      let allowanceLeft = this.downloadAllowanceMs;
      let sentAgain = false;
      let since = 0;
      let clock: 'idle' | 'counting' | 'downloading' = 'idle';
      const count = () => {
        clock = 'counting';
        since = Date.now();
        // When the budget is up, answers that arrived in time may still wait unread behind
        // other work that held this thread (a busy grader judging another submission): one
        // more turn of the event loop reads them before the run is called out of time.
        timer = setTimeout(() => (timer = setTimeout(stop, 0)), budgetLeft);
      };
      const onRuntime = (state: 'loading' | 'ready') => {
        if (state === 'loading' && clock === 'counting' && allowanceLeft > 0) {
          clearTimeout(timer);
          budgetLeft -= Date.now() - since;
          clock = 'downloading';
          since = Date.now();
          timer = setTimeout(stop, allowanceLeft);
        } else if (state === 'ready' && clock === 'downloading') {
          clearTimeout(timer);
          allowanceLeft -= Date.now() - since;
          count();
        }
      };
      const timeout = (index: number) => unfinishedStep(steps[index]!.id, 'timeout', { kind: 'timeout', name: 'Timeout', message: `Stopped after ${budget / 1000} seconds.` });
      const finish = () => {
        clearTimeout(timer);
        this.pending.delete(runId);
        steps.forEach((step, index) => {
          results[index] ??= skippedStep(step.id, running);
        });
        resolve(results);
      };
      /** The run cannot go on past `at`: `result` stands for it and every later step is skipped. */
      const endAt = (at: number, result: StepRun, cause: 'Skipped' | 'Timeout') => {
        results[at] = result;
        steps.forEach((step, index) => {
          if (index > at) results[index] = skippedStep(step.id, at, cause);
        });
        finish();
      };
      const stop = () => {
        const stoppedAt = Math.max(running, 0);
        const hardStop = () => {
          this.pending.delete(runId);
          this.discardWorker(port, 'the runner was restarted because another run went over its time budget');
          endAt(stoppedAt, timeout(stoppedAt), 'Timeout');
        };
        if (!port.interrupt) return hardStop();
        port.interrupt();
        timer = setTimeout(hardStop, INTERRUPT_GRACE_MS);
      };
      const run: PendingRun = {
        started: () => running !== -1,
        resend: () => {
          if (sentAgain) return false;
          sentAgain = true;
          port = this.worker();
          this.pending.set(runId, run);
          port.post(request);
          return true;
        },
        onLoading: options.onLoading,
        onRuntime,
        onError: (error) => {
          clearTimeout(timer);
          this.pending.delete(runId);
          reject(error);
        },
        onWorkerGone: (reason) => {
          const at = Math.max(running, 0);
          const error = unfinishedStep(steps[at]!.id, 'timeout', { kind: 'runtime', name: 'SandboxError', message: reason });
          endAt(at, { ...error, status: 'error' }, 'Skipped');
        },
        onMessage: (message) => {
          if ('index' in message && message.index >= steps.length) return;
          if (message.type === 'step-started') {
            if (clock === 'idle') count();
            running = message.index;
          } else if (message.type === 'step-finished') {
            // An interrupted step reports a KeyboardInterrupt; the learner should read "timeout".
            results[message.index] = message.result.error?.name === 'KeyboardInterrupt' ? timeout(message.index) : { ...message.result, id: steps[message.index]!.id };
          } else if (message.type === 'trace') {
            options.onTrace?.(message.chunk);
          } else if (message.type === 'done') {
            finish();
          }
        },
      };
      this.pending.set(runId, run);
      port.post(request);
    });
  }

  dispose(): void {
    if (this.port) this.discardWorker(this.port, 'the runner was closed', { resend: false });
  }

  private worker(): WorkerPort {
    if (this.port) return this.port;
    const port = this.createWorker();
    port.onMessage((raw) => {
      if (port !== this.port) return;
      const message = readRunnerMessage(raw);
      if ('invalid' in message) return this.discardWorker(port, `the runner sent something that is not a valid answer (${message.invalid})`);
      if (message.type === 'loading') {
        this.starting = message.message;
        for (const run of this.pending.values()) {
          run.onLoading?.(message.message);
          run.onRuntime('loading');
        }
      } else if (message.type === 'ready') {
        this.starting = undefined;
        for (const run of this.pending.values()) run.onRuntime('ready');
      } else {
        this.pending.get(message.runId)?.onMessage(message);
      }
    });
    port.onError((error) => {
      if (port !== this.port) return;
      const runs = [...this.pending.values()];
      this.discardWorker(port);
      for (const run of runs) run.onError(error);
    });
    port.onExit?.((reason) => {
      if (port === this.port) this.discardWorker(port, reason);
    });
    this.port = port;
    return port;
  }

  /**
   * Ends a worker. Runs still waiting on it get `reason` as the error of their running step,
   * except runs it had not begun, which go to the next worker (once: a worker that dies before
   * it begins anything is not sent the same run a third time). Without a reason (the worker
   * failed, see onError) the caller has already told them.
   */
  private discardWorker(port: WorkerPort, reason?: string, { resend = true } = {}): void {
    if (port !== this.port) return;
    this.port = undefined;
    this.starting = undefined;
    port.terminate();
    const runs = [...this.pending.values()];
    this.pending.clear();
    if (!reason) return;
    for (const run of runs) {
      // A run the worker had not begun is not to blame: it goes to the next worker, once.
      if (resend && !run.started() && run.resend()) continue;
      run.onWorkerGone(reason);
    }
  }
}
