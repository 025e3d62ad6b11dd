import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { zstdDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradeResults } from '../../../src/cli/grade.ts';
import { nodeWorkerFactory } from '../../../src/cli/node-runners.ts';
import { RunnerHost } from '../../../src/lib/runner/host.ts';
import { PYODIDE_DIR, SNAPSHOT_FILE } from '../../../src/lib/runner/python-assets.ts';
import { ROOT } from '../../helpers/exercise.ts';

/**
 * Hostile submissions (test/fixtures/attacks), graded by the real `stepwise grade` command
 * beside honest ones. Each attack sits in step 4 of a submission whose step 4 is also wrong,
 * and prints 'PW' + 'NED' only where it got through.
 */
const FIXTURES = path.join(ROOT, 'test/fixtures/attacks');
const SOLUTION = { js: path.join(ROOT, 'exercises/segmentation-mini-project/solution.js'), py: path.join(ROOT, 'exercises/segmentation-mini-project/solution.py') };
const SECRET = 'stepwise-attack-secret-8d41f';
const SNAPSHOT_CACHE = path.join(ROOT, 'node_modules/.cache/stepwise');
const COMPILE_CACHE = path.join(SNAPSHOT_CACHE, 'compile-cache');

let work: string;
let folder: string;
let results: GradeResults;
let honestSource: string;
let connections = 0;
let server: ReturnType<typeof createServer>;
const attacks: string[] = [];

async function submission(language: 'js' | 'py', attack: string): Promise<string> {
  const solution = await readFile(SOLUTION[language], 'utf8');
  const marker = language === 'js' ? '// Step 4' : '# Step 4';
  const head = solution.slice(0, solution.indexOf(marker));
  const wrong = /personalized_messages\s*=/.test(attack) ? '' : language === 'js' ? "const personalized_messages = { Books: 'wrong' };\n" : "personalized_messages = {'Books': 'wrong'}\n";
  return `${head}${marker}: hostile\n${attack}\n${wrong}`;
}

beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  work = await mkdtemp(path.join(tmpdir(), 'stepwise-attacks-'));
  folder = path.join(work, 'class');
  await mkdir(folder);
  for (const language of ['js', 'py'] as const) {
    for (const file of (await readdir(path.join(FIXTURES, language))).sort()) {
      const attack = (await readFile(path.join(FIXTURES, language, file), 'utf8'))
        .replaceAll('__FOLDER__', folder)
        .replaceAll('__SOLUTION__', SOLUTION[language])
        .replaceAll('__PORT__', String(port))
        .replaceAll('__COMPILE_CACHE__', COMPILE_CACHE);
      attacks.push(`attack-${file}`);
      await writeFile(path.join(folder, `attack-${file}`), await submission(language, attack));
    }
    // Graded after the attacks, in the same sandboxes where a sandbox is reused.
    honestSource = await readFile(SOLUTION[language], 'utf8');
    await writeFile(path.join(folder, `z-honest.${language}`), honestSource);
    await writeFile(path.join(folder, `zz-honest.${language}`), honestSource);
  }
  const out = path.join(work, 'results.json');
  // `grade` exits 1 when anyone does not pass, as every attacker should not: only 0 or 1 is a
  // finished batch (2 would be a usage error, a signal a crash of the grader itself).
  const exit = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/stepwise.mjs'), 'grade', 'segmentation-mini-project', folder, '--out', out], {
    cwd: ROOT,
    env: { ...process.env, STEPWISE_ATTACK_SECRET: SECRET },
    maxBuffer: 10_000_000,
  }).then(
    () => 0,
    (error: { code?: number; signal?: string; stderr?: string }) => {
      if (error.code === 1) return 1;
      throw new Error(`grade did not finish the batch: exit ${error.code ?? error.signal}\n${error.stderr ?? ''}`);
    },
  );
  expect(exit).toBe(1);
  results = JSON.parse(await readFile(out, 'utf8')) as GradeResults;
}, 600_000);

afterAll(async () => {
  server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const statusOf = (file: string) => {
  const entry = results.submissions.find((candidate) => candidate.file === file);
  if (!entry) throw new Error(`${file} is missing from the results`);
  return 'steps' in entry ? entry.steps.map((step) => step.status).join(',') : `not graded: ${entry.error}`;
};

describe('grading hostile submissions', () => {
  it('writes the results file and grades every submission, the batch surviving every attack', () => {
    expect(results.summary.submissions).toBe(attacks.length + 4);
    expect(results.summary.graded).toBe(attacks.length + 4);
  });

  it('still passes the honest submissions graded after the attacks', () => {
    for (const file of ['z-honest.js', 'zz-honest.js', 'z-honest.py', 'zz-honest.py']) expect(statusOf(file), file).toBe('pass,pass,pass,pass');
  });

  it('never grades an attack as a pass', () => {
    for (const file of attacks) {
      expect(statusOf(file), file).toMatch(/^pass,pass,pass,(fail|error|timeout)$/);
    }
  });

  it('lets nothing out: no file, secret, environment or reference solution in any result', async () => {
    const text = JSON.stringify(results);
    expect(text).not.toContain('PWNED');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('root:x:0');
    expect(text).not.toContain('Step 1: the customer list');
  });

  it('writes no file and changes no other submission', async () => {
    expect(existsSync(path.join(work, 'escaped.txt'))).toBe(false);
    // The unpacked snapshot that every Python sandbox starts from is still the build's.
    const cached = (await readdir(SNAPSHOT_CACHE)).filter((file) => file.startsWith('interpreter-snapshot-') && file.endsWith('.bin'));
    expect(cached).toHaveLength(1);
    const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(digest(await readFile(path.join(SNAPSHOT_CACHE, cached[0]!)))).toBe(digest(zstdDecompressSync(await readFile(path.join(ROOT, 'public', PYODIDE_DIR, SNAPSHOT_FILE)))));
    expect(await readFile(path.join(folder, 'z-honest.js'), 'utf8')).toBe(await readFile(SOLUTION.js, 'utf8'));
    expect((await readdir(folder)).length).toBe(attacks.length + 4);
  });

  it('opens no network connection', () => {
    expect(connections).toBe(0);
  });

  it('stops loops, memory hogs and floods with a reason the student can read', () => {
    for (const file of ['attack-loop.js', 'attack-loop.py']) expect(statusOf(file), file).toBe('pass,pass,pass,timeout');
    for (const file of ['attack-memory.js', 'attack-memory.py', 'attack-suicide.py', 'attack-huge-error.js', 'attack-huge-error.py']) {
      expect(statusOf(file), file).toMatch(/^pass,pass,pass,(error|timeout)$/);
    }
    const flood = results.submissions.find((entry) => entry.file === 'attack-flood-output.py');
    expect(JSON.stringify(flood).length).toBeLessThan(300_000);
  });
});

describe('the snapshot shared by every Python sandbox', () => {
  it('cannot be written by the code of a sandbox it starts', async () => {
    const host = new RunnerHost(nodeWorkerFactory('python'));
    try {
      const code = await readFile(path.join(FIXTURES, 'py/poison-snapshot.py'), 'utf8');
      const [run] = await host.run([{ id: 'a', code, capture: [] }]);
      // The attack reached its write, and the write failed.
      expect(run!.output).toMatch(/^contained: \w+/);
      const [again] = await host.run([{ id: 'a', code: 'x = sorted([3, 1, 2])', capture: ['x'] }]);
      expect(again!.values).toEqual({ x: [1, 2, 3] });
    } finally {
      host.dispose();
    }
  }, 60_000);
});

describe("the sandboxes' compile cache", () => {
  /** Every file of the cache and its content, as one hash. */
  const contents = async () => {
    const hash = createHash('sha256');
    const walk = async (folder: string): Promise<void> => {
      for (const entry of (await readdir(folder, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name))) {
        const file = path.join(folder, entry.name);
        hash.update(file);
        if (entry.isDirectory()) await walk(file);
        else hash.update(await readFile(file));
      }
    };
    await walk(COMPILE_CACHE);
    return hash.digest('hex');
  };

  it('cannot be written by the code of a sandbox that reads it', async () => {
    const host = new RunnerHost(nodeWorkerFactory('python'));
    try {
      // The first run fills the cache if the sources changed; the attack comes second.
      const [first] = await host.run([{ id: 'a', code: 'x = 1', capture: ['x'] }]);
      expect(first!.values).toEqual({ x: 1 });
      const before = await contents();
      const code = (await readFile(path.join(FIXTURES, 'py/poison-compile-cache.py'), 'utf8')).replaceAll('__COMPILE_CACHE__', COMPILE_CACHE);
      const [run] = await host.run([{ id: 'a', code, capture: [] }]);
      expect(run!.output).toMatch(/^contained: \w+/);
      expect(await contents()).toBe(before);
    } finally {
      host.dispose();
    }
  }, 60_000);
});

