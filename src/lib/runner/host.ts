import { RUN_BUDGET_MS, skippedStep, unfinishedStep, type RunnerMessage, type StepRun, type StepSource } from './protocol.ts';

/** What a worker says about one run, as opposed to about its runtime (loading, ready). */
type RunMessage = Extract<RunnerMessage, { runId: number }>;

/** The little a host needs from a worker, whether a browser Worker or a Node worker thread. */
export interface WorkerPort {
  post(message: unknown): void;
  onMessage(listener: (message: RunnerMessage) => void): void;
  onError(listener: (error: Error) => void): void;
  terminate(): void;
  /**
   * Asks the running code to stop without killing the worker (Python's interrupt buffer).
   * Hosts fall back to terminate() when this is absent or the worker does not answer soon.
   */
  interrupt?(): void;
}

export interface RunOptions {
  /** Progress text while a runtime loads (Pyodide); the time budget starts after loading. */
  onLoading?(message: string): void;
  budgetMs?: number;
}

/** How long an interrupted worker may take to report back before it is terminated. */
const INTERRUPT_GRACE_MS = 300;

/**
 * Sends runs to one long-lived worker and enforces the time budget. A runaway step is
 * interrupted or, failing that, the worker is terminated and a fresh one is made for the
 * next run; either way the caller gets a result for every step, never a hung promise.
 */
export class RunnerHost {
  private port: WorkerPort | undefined;
  private nextRunId = 1;
  private readonly createWorker: () => WorkerPort;
  private current: ((message: RunMessage) => void) | undefined;
  private failCurrent: ((error: Error) => void) | undefined;
  /** What the runtime reported last while starting; undefined once it is ready. */
  private starting: string | undefined;
  private onLoading: ((message: string) => void) | undefined;

  constructor(createWorker: () => WorkerPort) {
    this.createWorker = createWorker;
  }

  /** Starts the worker ahead of the first run, so that a runtime can load in the background. */
  warmUp(): void {
    this.worker();
  }

  run(steps: StepSource[], options: RunOptions = {}): Promise<StepRun[]> {
    const budget = options.budgetMs ?? RUN_BUDGET_MS;
    const runId = this.nextRunId++;
    const port = this.worker();
    this.onLoading = options.onLoading;
    if (this.starting) options.onLoading?.(this.starting);
    return new Promise<StepRun[]>((resolve, reject) => {
      const results: StepRun[] = [];
      let running = -1;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = () => {
        clearTimeout(timer);
        this.current = undefined;
        this.failCurrent = undefined;
        this.onLoading = undefined;
        steps.forEach((step, index) => {
          results[index] ??= skippedStep(step.id, running);
        });
        resolve(results);
      };
      const stop = () => {
        const stoppedAt = Math.max(running, 0);
        const timeout = unfinishedStep(steps[stoppedAt]!.id, 'timeout', { kind: 'timeout', name: 'Timeout', message: `Stopped after ${budget / 1000} seconds.` });
        const hardStop = () => {
          this.discardWorker();
          results[stoppedAt] = timeout;
          steps.forEach((step, index) => {
            if (index > stoppedAt) results[index] = skippedStep(step.id, stoppedAt, 'Timeout');
          });
          finish();
        };
        if (!port.interrupt) return hardStop();
        port.interrupt();
        timer = setTimeout(hardStop, INTERRUPT_GRACE_MS);
      };
      this.failCurrent = (error) => {
        clearTimeout(timer);
        this.discardWorker();
        this.current = undefined;
        this.onLoading = undefined;
        reject(error);
      };
      this.current = (message) => {
        if (message.runId !== runId) return;
        if (message.type === 'step-started') {
          if (running === -1) timer = setTimeout(stop, budget);
          running = message.index;
        } else if (message.type === 'step-finished') {
          results[message.index] = message.result;
          // An interrupted step reports a KeyboardInterrupt; the learner should read "timeout".
          if (message.result.error?.name === 'KeyboardInterrupt') {
            results[message.index] = unfinishedStep(message.result.id, 'timeout', { kind: 'timeout', name: 'Timeout', message: `Stopped after ${budget / 1000} seconds.` });
          }
        } else if (message.type === 'done') {
          finish();
        }
      };
      port.post({ type: 'run', runId, steps });
    });
  }

  dispose(): void {
    this.discardWorker();
  }

  private worker(): WorkerPort {
    if (this.port) return this.port;
    const port = this.createWorker();
    port.onMessage((message) => {
      if (message.type === 'loading') {
        this.starting = message.message;
        this.onLoading?.(message.message);
      } else if (message.type === 'ready') {
        this.starting = undefined;
      } else {
        this.current?.(message);
      }
    });
    port.onError((error) => this.failCurrent?.(error));
    this.port = port;
    return port;
  }

  private discardWorker(): void {
    this.port?.terminate();
    this.port = undefined;
    this.starting = undefined;
  }
}
