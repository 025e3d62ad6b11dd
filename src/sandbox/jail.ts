import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
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

/**
 * V8 flags by sandbox kind. A Python sandbox lives for one submission: it restores Pyodide and
 * runs a few milliseconds of Python. V8 compiled what was hot during that start (wasm
 * functions, and the wrappers around Pyodide's many imports) again with its optimising
 * compiler, on the cores the other sandboxes needed, for code that never ran long enough to
 * repay it. Ten times the default tiering budget, and a wrapper budget of 100 million calls
 * (the default is 1,000), keep that start on the baseline compiler, while code that really runs
 * long (a learner's heavy loop) is still optimised and as fast as before: a class of Python
 * graded 6–15 % faster. (Liftoff alone was faster still, but made heavy Python three times
 * slower than in the browser.) The JavaScript sandbox serves a whole class, where optimised
 * QuickJS pays.
 */
const ENGINE_FLAGS: Record<string, string[]> = { 'python-sandbox.ts': ['--wasm-tiering-budget=130000000', '--wasm-wrapper-tiering-budget=100000000'] };

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
 * Node's compile cache for the sandboxes' own code: its TypeScript already stripped, and V8's
 * compiled code for it and for Pyodide's JavaScript. Without it every sandbox loaded Node's
 * TypeScript stripper, 0.19 s of the 0.41 s of processor time a JavaScript sandbox took to
 * start (docs/performance.md).
 *
 * Bubblewrap only. Under the permission model Node reads the cache only if it may also write
 * it, so a learner's sandbox gets write permission from Node but the directory mounted
 * read-only by bubblewrap: the kernel refuses every write, whatever the code does. The cache is
 * filled by sandboxes that run no learner code at all: each kind is started once, with the
 * directory writable, and ends as soon as it has booted (compileCacheFilled, below).
 */
const COMPILE_CACHE = path.join(ROOT, 'node_modules/.cache/stepwise/compile-cache');
/** What the cache holds code of: the sandboxes' sources, and the runtimes they load. */
const CACHED_SOURCES = ['src/sandbox', 'src/lib/runner', 'src/lib/trace'];
const CACHED_PACKAGES = ['node_modules/pyodide/package.json', 'node_modules/quickjs-emscripten/package.json'];

let cacheKey: string | undefined;

/** Changes whenever a file the sandboxes load does, or Node does. */
function compileCacheKey(): string {
  if (cacheKey) return cacheKey;
  const hash = createHash('sha256').update(process.version);
  for (const folder of CACHED_SOURCES) {
    for (const name of readdirSync(path.join(ROOT, folder)).sort()) hash.update(name).update(readFileSync(path.join(ROOT, folder, name)));
  }
  for (const file of CACHED_PACKAGES) if (existsSync(path.join(ROOT, file))) hash.update(readFileSync(path.join(ROOT, file)));
  return (cacheKey = hash.digest('hex').slice(0, 16));
}

/** Sandbox kinds whose cache could not be filled: not tried again by this process. */
const unfillable = new Set<string>();

/**
 * Whether sandboxes of `entry` can start from the compile cache, which is filled first if these
 * sources have not been (a boot of that sandbox: about 0.5 s for JavaScript, 1.5 s for Python,
 * once per change). False without bubblewrap, or when the cache cannot be filled (then once per
 * process, not at every start): the sandbox then starts as before, only slower.
 */
function compileCacheFilled(entry: string, files: string[]): boolean {
  if (jailKind() !== 'bubblewrap' || unfillable.has(entry)) return false;
  try {
    const filled = path.join(COMPILE_CACHE, `filled-${entry}-${compileCacheKey()}`);
    if (existsSync(filled)) return true;
    mkdirSync(COMPILE_CACHE, { recursive: true });
    // Stdin is empty: the sandbox boots, finds no request, and exits, which writes the cache.
    const boot = spawnSync('bwrap', bwrapArgs(entry, files, 'fill'), { input: '', stdio: ['pipe', 'ignore', 'ignore'], env: {}, cwd: '/', timeout: 60_000 });
    if (boot.status === 0) {
      writeFileSync(filled, '');
      return true;
    }
  } catch {}
  unfillable.add(entry);
  return false;
}

/**
 * Starts `entry` (a file of src/sandbox) jailed, with stdin/stdout as its only channel.
 * `files`: files it may also read (read-only, like the runtime's), given to it as its arguments.
 */
export function startJailed(entry: string, files: string[] = []): ChildProcess {
  const options = { stdio: ['pipe', 'pipe', 'ignore'] as ('pipe' | 'ignore')[], env: {}, cwd: '/' };
  if (jailKind() === 'permission') return spawn(realpathSync(process.execPath), nodeArgs(entry, files), options);
  return spawn('bwrap', bwrapArgs(entry, files, compileCacheFilled(entry, files) ? 'read' : 'none'), options);
}

/** `cached`: the sandbox reads the compile cache (bubblewrap only; see COMPILE_CACHE). */
function nodeArgs(entry: string, files: string[], cached = false): string[] {
  return [
    '--permission',
    ...[...RUNTIME_PATHS, ...files].map((entry) => `--allow-fs-read=${entry}`),
    // Write permission too, or Node ignores the cache; bubblewrap mounts it read-only for learners.
    ...(cached ? [`--allow-fs-read=${COMPILE_CACHE}`, `--allow-fs-write=${COMPILE_CACHE}`] : []),
    '--disallow-code-generation-from-strings',
    ...(ENGINE_FLAGS[entry] ?? []),
    `--max-old-space-size=${HEAP_MB}`,
    '--disable-warning=ExperimentalWarning',
    path.join(ROOT, 'src/sandbox', entry),
    ...files,
  ];
}

/** `cache`: none; read (a learner's sandbox: mounted read-only); fill (a sandbox that runs no learner code: writable). */
function bwrapArgs(entry: string, files: string[], cache: 'none' | 'read' | 'fill'): string[] {
  const node = realpathSync(process.execPath);
  const binds = [...new Set([node, ...RUNTIME_PATHS, ...files])].flatMap((entry) => ['--ro-bind', entry, entry]);
  const system = ['/usr', '/lib', '/lib64', '/lib32'].filter((entry) => existsSync(entry)).flatMap((entry) => ['--ro-bind', entry, entry]);
  const cacheMount = cache === 'none' ? [] : [cache === 'fill' ? '--bind' : '--ro-bind', COMPILE_CACHE, COMPILE_CACHE, '--setenv', 'NODE_COMPILE_CACHE', COMPILE_CACHE];
  return [
    '--unshare-all', '--die-with-parent', '--new-session', '--clearenv', ...system, ...binds, ...cacheMount,
    '--proc', '/proc', '--dev', '/dev', '--chdir', '/', node, ...nodeArgs(entry, files, cache !== 'none'),
  ];
}
