// A jailed process (see jail.ts) that boots Pyodide and runs the runs of ONE Python submission
// (or of the author's own code, for validate); the grader then ends it. Python can reach this
// process's JavaScript realm (`import js`), so the realm never serves a second student.
import { constants } from 'node:fs';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { zstdDecompress } from 'node:zlib';
import { loadPyodide } from 'pyodide';
import { PYODIDE_DIR, SNAPSHOT_FILE, STDLIB_FILE, STDLIB_REST_FILE } from '../lib/runner/python-assets.ts';
import { postingObserver, type RunRequest } from '../lib/runner/protocol.ts';
import { preparePython, runPython } from '../lib/runner/python.ts';
import { answer, onRequests } from './lines.ts';

const PUBLIC_PYODIDE = new URL(`../../public/${PYODIDE_DIR}/`, import.meta.url);
const SNAPSHOT = new URL(SNAPSHOT_FILE, PUBLIC_PYODIDE);
// The first of the build's split standard library, which the snapshot was made with (src/build/python-stdlib.mjs).
const STDLIB = fileURLToPath(new URL(STDLIB_FILE, PUBLIC_PYODIDE));
// Read before the learner's code runs; handed to the harness when an import needs it.
// (A plain Uint8Array: Pyodide does not take a Node Buffer.)
const STDLIB_REST = new Uint8Array(readFileSync(new URL(STDLIB_REST_FILE, PUBLIC_PYODIDE)));

// The snapshot unpacked by the grader (raw-snapshot.ts), when it gave one: unpacking 31 MB in
// every sandbox was a quarter of a Python submission's CPU time.
const RAW_SNAPSHOT = process.argv[2];

async function load() {
  // Pyodide's NODEFS reads fs flags from process.binding, which the permission model denies.
  (process as unknown as { binding(name: string): unknown }).binding = (name) => {
    if (name === 'constants') return { fs: constants };
    throw new Error(`process.binding('${name}') is not available in the sandbox`);
  };
  const quiet = { stdout: () => {}, stderr: () => {} };
  const unpacked = RAW_SNAPSHOT ? await readFile(RAW_SNAPSHOT).catch(() => undefined) : undefined;
  const snapshot = unpacked ?? (await readFile(SNAPSHOT).then(promisify(zstdDecompress)).catch(() => undefined));
  if (snapshot) {
    try {
      return await loadPyodide({ ...quiet, stdLibURL: STDLIB, _loadSnapshot: snapshot });
    } catch {}
  }
  // Without the snapshot, Pyodide's own zip: the build's first one has only what the snapshot lacks.
  return loadPyodide(quiet);
}

const session = preparePython(await load(), readFileSync(new URL('../lib/runner/python_harness.py', import.meta.url), 'utf8'), { stdlibRest: () => STDLIB_REST });

/**
 * What Python could use through `js` to reach past this process, removed before its code runs.
 * The jail already denies files, processes and (with bubblewrap) the network and other PIDs;
 * this is the layer for platforms without bubblewrap: no signals to other processes, no
 * sockets through fetch or WebSocket, no built-in modules. Code generation from strings is
 * off (jail.ts), so Python cannot write JavaScript that would import them some other way.
 */
function seal(): void {
  const host = process as unknown as Record<string, unknown>;
  for (const name of ['kill', '_kill', 'binding', '_linkedBinding', 'dlopen', 'getBuiltinModule', 'env']) {
    try {
      Object.defineProperty(host, name, { value: undefined, configurable: false, writable: false });
    } catch {}
  }
  for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']) delete (globalThis as Record<string, unknown>)[name];
}

onRequests((request) => {
  const { runId, steps } = request as RunRequest;
  seal();
  runPython(session, steps, postingObserver(runId, answer));
  answer({ type: 'done', runId });
});
answer({ type: 'ready' });
