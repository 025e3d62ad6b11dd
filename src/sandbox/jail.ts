import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * Starts a Node process that runs learner code and can reach nothing else. Two layers:
 *
 * - Node's permission model, everywhere: the process reads only the runtime files listed in
 *   {@link RUNTIME_PATHS} and cannot write files, start processes or workers, load addons or
 *   open the inspector. Code generation from strings is off, so code that reaches this realm
 *   (Python through Pyodide's `js` module) cannot compile JavaScript of its own.
 * - bubblewrap, on Linux where it works: new user, PID, network, IPC and mount namespaces.
 *   The process sees only those same files, has no network at all (not even loopback of the
 *   host), and sees no other process, so it cannot signal the grader.
 *
 * The environment is empty either way: no secrets of the instructor's shell reach it.
 */

const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** What a sandbox may read: its own code, the runtimes it loads, the build's Python snapshot. */
const RUNTIME_PATHS = [
  'package.json',
  'src/sandbox',
  'src/lib/runner',
  // The trace's wire format and caps (the Python runner reads them).
  'src/lib/trace',
  'node_modules/pyodide',
  'node_modules/quickjs-emscripten',
  'node_modules/quickjs-emscripten-core',
  'node_modules/@jitl',
  'node_modules/acorn',
  'node_modules/acorn-walk',
  'public/pyodide',
].map((entry) => path.join(ROOT, entry)).filter((entry) => existsSync(entry));

/** Memory a sandbox may hold, checked from outside; JavaScript's own heap is capped lower. */
export const SANDBOX_MEMORY_MB = 768;
const HEAP_MB = 256;

export type JailKind = 'bubblewrap' | 'permission';

let detected: JailKind | undefined;

/**
 * bubblewrap when it is installed and allowed to make namespaces here (some containers and
 * kernels refuse), else Node's permission model alone. STEPWISE_SANDBOX=permission forces the
 * second, to test what other platforms get.
 */
export function jailKind(): JailKind {
  if (detected) return detected;
  if (process.env.STEPWISE_SANDBOX === 'permission' || process.platform !== 'linux') return (detected = 'permission');
  const probe = spawnSync('bwrap', ['--unshare-all', '--die-with-parent', '--ro-bind', '/', '/', 'true'], { stdio: 'ignore', timeout: 5000 });
  return (detected = probe.status === 0 ? 'bubblewrap' : 'permission');
}

/**
 * Starts `entry` (a file of src/sandbox) jailed, with stdin/stdout as its only channel.
 * `files`: files it may also read (read-only, like the runtime's), given to it as its arguments.
 */
export function startJailed(entry: string, files: string[] = []): ChildProcess {
  const script = path.join(ROOT, 'src/sandbox', entry);
  const node = realpathSync(process.execPath);
  const nodeArgs = [
    '--permission',
    ...[...RUNTIME_PATHS, ...files].map((entry) => `--allow-fs-read=${entry}`),
    '--disallow-code-generation-from-strings',
    `--max-old-space-size=${HEAP_MB}`,
    '--disable-warning=ExperimentalWarning',
    script,
    ...files,
  ];
  const options = { stdio: ['pipe', 'pipe', 'ignore'] as ('pipe' | 'ignore')[], env: {}, cwd: '/' };
  if (jailKind() === 'permission') return spawn(node, nodeArgs, options);
  const binds = [...new Set([node, ...RUNTIME_PATHS, ...files])].flatMap((entry) => ['--ro-bind', entry, entry]);
  const system = ['/usr', '/lib', '/lib64', '/lib32'].filter((entry) => existsSync(entry)).flatMap((entry) => ['--ro-bind', entry, entry]);
  return spawn(
    'bwrap',
    ['--unshare-all', '--die-with-parent', '--new-session', '--clearenv', ...system, ...binds, '--proc', '/proc', '--dev', '/dev', '--chdir', '/', node, ...nodeArgs],
    options,
  );
}
