import { RunnerHost, type WorkerPort } from '../lib/runner/host.ts';
import type { Language } from '../lib/runner/protocol.ts';
import JavaScriptWorker from '../workers/javascript.worker.ts?worker';
import { takePythonPort } from './python-worker.ts';
import { browserPort } from './worker-port.ts';

/**
 * A JavaScript run costs a few milliseconds of worker start-up, so each run gets a new worker:
 * a built-in that one run's learner code patched (Array.prototype.push, say) would otherwise
 * still be patched when the student's next, corrected code is checked, and the verdict would
 * not be about the code on screen. Python keeps its worker, since Pyodide takes seconds to boot.
 */
function freshWorkerEachRun(create: () => WorkerPort): Runner {
  // A finished run's worker is ended when the next run starts, not when its run ends, so that
  // the run's own promises and timers may still settle (they can no longer reach the page).
  const finished = new Set<RunnerHost>();
  return {
    warmUp: () => {},
    run: (steps, options) => {
      for (const host of finished) host.dispose();
      finished.clear();
      const host = new RunnerHost(create);
      return host.run(steps, options).finally(() => finished.add(host));
    },
  };
}

/** What a step needs of a language's runner. */
export type Runner = Pick<RunnerHost, 'run' | 'warmUp'>;

const factories: Record<Language, () => Runner> = {
  javascript: () => freshWorkerEachRun(() => browserPort(new JavaScriptWorker())),
  // Python may download its standard library's second zip mid-run (see python-service.ts).
  python: () => new RunnerHost(takePythonPort, { downloadAllowanceMs: 30_000 }),
};

const runners = new Map<Language, Runner>();

/** One runner per language for the whole page, shared by every step. */
export function runnerFor(language: Language): Runner {
  let runner = runners.get(language);
  if (!runner) {
    runner = factories[language]();
    runners.set(language, runner);
  }
  return runner;
}

/**
 * Starts a language's runtime ahead of the first run; call it on the first focus of an editor.
 * For Python this begins downloading and booting Pyodide (seconds), for JavaScript it is free.
 * A run made before the boot ends waits for it and receives `loading` progress meanwhile.
 */
export function warmUpRunner(language: Language): void {
  runnerFor(language).warmUp();
}
