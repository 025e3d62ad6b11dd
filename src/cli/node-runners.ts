import { availableParallelism } from 'node:os';
import type { WorkerPort } from '../lib/runner/host.ts';
import type { Language } from '../lib/runner/protocol.ts';
import { rawSnapshot } from '../sandbox/raw-snapshot.ts';
import { Sandbox, sandboxPort } from '../sandbox/sandbox-port.ts';

/**
 * JavaScript: one jailed process per runner, in which every run gets a fresh QuickJS runtime
 * that holds no host object, so no run can change what the next one finds. QuickJS stops a
 * runaway run at the budget itself; the host kills the process if it does not.
 */
function javascriptPort(): WorkerPort {
  return sandboxPort(new Sandbox('javascript-sandbox.ts'), () => {});
}

/** Booted Python sandboxes waiting for a submission, so that a submission rarely waits for a boot. */
const spares: Sandbox[] = [];

/** A Python sandbox, given the interpreter snapshot already unpacked when that could be done. */
function newPython(): Sandbox {
  const snapshot = rawSnapshot();
  return new Sandbox('python-sandbox.ts', snapshot ? [snapshot] : []);
}

function takePython(withSpares: boolean): Sandbox {
  let sandbox: Sandbox | undefined;
  while ((sandbox = spares.shift()) && sandbox.exited);
  sandbox ??= newPython();
  sandbox.ref();
  while (withSpares && spares.length < availableParallelism()) {
    const spare = newPython();
    spare.unref();
    spares.push(spare);
  }
  return sandbox;
}

/**
 * Python: a fresh jailed process for every submission, since Python reaches the JavaScript
 * realm it runs in. It serves that submission's runs (its own data, the variant data, a rerun)
 * and nobody else's: a runner made by this factory must not outlive its submission (see
 * {@link RUNNER_PER_SUBMISSION}). A run that goes over its budget ends the process, and the next
 * run gets a new one. What the code writes on the channel about a run not in flight is dropped
 * by the host; about the run in flight, it is data judged outside, like the values it defines.
 */
function pythonPort(withSpares: boolean): WorkerPort {
  const sandbox = takePython(withSpares);
  const port = sandboxPort(sandbox);
  let onMessage: (message: unknown) => void = () => {};
  let told = false;
  return {
    ...port,
    post(request) {
      // A spare still booting: say so, as the browser worker does while Pyodide loads.
      if (!sandbox.ready && !told) onMessage({ type: 'loading', message: 'Starting Python…' });
      told = true;
      port.post(request);
    },
    onMessage(listener) {
      onMessage = listener;
      port.onMessage(listener);
    },
  };
}

/**
 * Whether a runner of the language must serve one submission only. JavaScript's may serve a
 * whole class in turn: each run gets a fresh QuickJS runtime in a process that holds nothing of
 * any student's. Python's process is the only wall between two students' code.
 */
export const RUNNER_PER_SUBMISSION: Record<Language, boolean> = { javascript: false, python: true };

/**
 * Sandbox factory for a language (see src/sandbox): what `check`, `grade` and `validate` run
 * code in. `spares`: a batch (grade) keeps Python interpreters booted ahead, one per core, so
 * that the next submission rarely waits; a single check or validate would only pay for them.
 */
export function nodeWorkerFactory(language: Language, { spares = false } = {}): () => WorkerPort {
  return language === 'python' ? () => pythonPort(spares) : javascriptPort;
}
