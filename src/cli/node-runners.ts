import { availableParallelism } from 'node:os';
import type { WorkerPort } from '../lib/runner/host.ts';
import type { Language } from '../lib/runner/protocol.ts';
import { Sandbox, sandboxPort } from '../sandbox/sandbox-port.ts';

/**
 * JavaScript: one jailed process per runner, in which every run gets a fresh QuickJS runtime
 * that holds no host object, so no run can change what the next one finds. QuickJS stops a
 * runaway run at the budget itself; the host kills the process if it does not.
 */
function javascriptPort(): WorkerPort {
  return sandboxPort(new Sandbox('javascript-sandbox.ts'), () => {});
}

/** Booted Python sandboxes waiting for a submission, so that a run rarely waits for a boot. */
const spares: Sandbox[] = [];

function takePython(): Sandbox {
  let sandbox: Sandbox | undefined;
  while ((sandbox = spares.shift()) && sandbox.exited);
  sandbox ??= new Sandbox('python-sandbox.ts');
  sandbox.ref();
  while (spares.length < availableParallelism()) {
    const spare = new Sandbox('python-sandbox.ts');
    spare.unref();
    spares.push(spare);
  }
  return sandbox;
}

/**
 * Python: a fresh jailed process for every run, since Python reaches the JavaScript realm it
 * runs in. The port hands each run to its own sandbox and ends that sandbox when the run is
 * done, so no two submissions ever share a process.
 */
function pythonPort(): WorkerPort {
  let onMessage: (message: unknown) => void = () => {};
  let onExit: (reason: string) => void = () => {};
  const live = new Set<Sandbox>();
  const retire = (sandbox: Sandbox) => {
    live.delete(sandbox);
    sandbox.onExit(() => {});
    sandbox.kill('finished');
  };
  return {
    post(request) {
      const sandbox = takePython();
      live.add(sandbox);
      const { runId } = request as { runId: number };
      sandbox.onMessage((message) => {
        // This sandbox serves one run: what it says about any other run is forged.
        const about = (message as { runId?: unknown } | undefined)?.runId;
        if (about !== undefined && about !== runId) return sandbox.kill('the code sent messages about another run');
        onMessage(message);
        if ((message as { type?: unknown } | undefined)?.type === 'done') retire(sandbox);
      });
      sandbox.onExit((reason) => {
        live.delete(sandbox);
        onExit(reason);
      });
      // A spare still booting: say so, as the browser worker does while Pyodide loads.
      if (!sandbox.ready) onMessage({ type: 'loading', message: 'Starting Python…' });
      sandbox.send(request);
    },
    onMessage: (listener) => (onMessage = listener),
    onError: () => {},
    onExit: (listener) => (onExit = listener),
    terminate: () => {
      for (const sandbox of [...live]) retire(sandbox);
    },
  };
}

const FACTORIES: Record<Language, () => WorkerPort> = { javascript: javascriptPort, python: pythonPort };

/**
 * Python for the project's own code (validate proves the reference solutions and starters):
 * the same jail, but one interpreter serves run after run, as no student's code shares it.
 */
function ownPythonPort(): WorkerPort {
  return sandboxPort(new Sandbox('python-sandbox.ts', ['--serve-many']));
}

/**
 * Sandbox factory for a language (see src/sandbox): what `check`, `grade` and `validate` run
 * code in. `ownCode` is for the project's own files only, never a submission.
 */
export function nodeWorkerFactory(language: Language, { ownCode = false } = {}): (() => WorkerPort) | undefined {
  return ownCode && language === 'python' ? ownPythonPort : FACTORIES[language];
}
