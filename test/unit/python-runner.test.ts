import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodide } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkStep } from '../../src/lib/checker/check-step.ts';
import type { Exercise } from '../../src/lib/exercise/exercise.ts';
import { loadExercise } from '../../src/lib/exercise/load.ts';
import { OUTPUT_LIMITS, type StepRun } from '../../src/lib/runner/protocol.ts';
import { gzipSync, zstdDecompressSync } from 'node:zlib';
import { PYODIDE_DIR, SNAPSHOT_FILE, STDLIB_FILE, STDLIB_REST_FILE } from '../../src/lib/runner/python-assets.ts';
import { unpackZstd } from '../../src/lib/runner/unpack-zstd.ts';
import { preparePython, runPython, type PythonSession } from '../../src/lib/runner/python.ts';
import { TraceRecording } from '../../src/lib/trace/recording.ts';
import { readTraceChunk } from '../../src/lib/trace/schema.ts';

/** The harness as the CLI's sandbox reads it. */
const HARNESS = readFileSync(new URL('../../src/lib/runner/python_harness.py', import.meta.url), 'utf8');

let session: PythonSession;
let exercise: Exercise;

beforeAll(async () => {
  session = preparePython(await loadPyodide({ stdout: () => {}, stderr: () => {} }), HARNESS);
  exercise = await loadExercise(path.resolve('exercises/segmentation-mini-project'));
}, 120_000);

/** Runs steps given as code (capturing the names listed beside each) and returns every StepRun. */
function run(...steps: [code: string, capture?: string[]][]): StepRun[] {
  const results: StepRun[] = [];
  runPython(
    session,
    steps.map(([code, capture = []], index) => ({ id: `step-${index + 1}`, code, capture })),
    { started() {}, finished: (index, result) => (results[index] = result) },
  );
  return results;
}

const only = (code: string, capture: string[] = []): StepRun => run([code, capture])[0]!;

describe('values', () => {
  it('reads plain Python data as plain values', () => {
    const result = only(`d = {'a': [1, 2.5, 'x', True, None]}\nt = (1, 2)\nn = None\nf = 0.5\nb = False\ns = 'hi'\ni = 7`, ['d', 't', 'n', 'f', 'b', 's', 'i']);
    expect(result.status).toBe('ok');
    expect(result.values).toEqual({ d: { a: [1, 2.5, 'x', true, null] }, t: [1, 2], n: null, f: 0.5, b: false, s: 'hi', i: 7 });
    expect(result.unreadable).toEqual({});
  });

  it('reads dict subclasses as plain dicts', () => {
    const result = only(
      `from collections import defaultdict, OrderedDict, Counter\ndd = defaultdict(list)\ndd['x'].append(1)\nod = OrderedDict([('b', 2), ('a', 1)])\nc = Counter('abca')`,
      ['dd', 'od', 'c'],
    );
    expect(result.values).toEqual({ dd: { x: [1] }, od: { b: 2, a: 1 }, c: { a: 2, b: 1, c: 1 } });
  });

  it('names what it cannot read, the way the JavaScript runner does', () => {
    const result = only(`groups = {'Books', 'Clothing'}\nclass Customer:\n    pass\nme = Customer()\nnested = {'a': [1, {2}]}\nf = lambda: 1`, ['groups', 'me', 'nested', 'f']);
    expect(result.values).toEqual({});
    expect(result.unreadable).toEqual({
      groups: '`groups` is a set (use a list instead)',
      me: '`me` is an instance of the class Customer (use a dict instead)',
      nested: "`nested['a'][1]` is a set (use a list instead)",
      f: '`f` is a function',
    });
  });

  it('lists the learner’s own top-level names only', () => {
    const result = only(`import math\nfrom collections import Counter\n__secret__ = 1\nx = math.pi\ndef helper():\n    pass`);
    expect(result.defined).toEqual(['Counter', 'x', 'helper']);
  });
});

describe('errors', () => {
  it('reports a syntax error with its line and skips the later steps', () => {
    const [first, second] = run(['x = 1\nif x == 1\n    y = 2'], ['z = 3']);
    expect(first!.status).toBe('error');
    expect(first!.error).toMatchObject({ kind: 'syntax', name: 'SyntaxError', message: "expected ':'", line: 2 });
    expect(second!.status).toBe('skipped');
  });

  it('reports an IndentationError as a syntax error', () => {
    const result = only('for i in range(3):\nprint(i)');
    expect(result.error).toMatchObject({ kind: 'syntax', name: 'IndentationError', line: 2 });
  });

  it('reports a NameError with its line and a traceback of the learner’s code only', () => {
    const result = only('total = 0\nprint(totl)');
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'NameError', line: 2 });
    expect(result.error!.message).toContain("name 'totl' is not defined");
    expect(result.error!.message).toContain("Did you mean: 'total'?");
    const traceback = result.error!.traceback!;
    expect(traceback).toContain('File "<step 1>", line 2, in <module>');
    expect(traceback).toContain('print(totl)');
    expect(traceback).not.toMatch(/stepwise|harness|_pyodide|\.py"/);
  });

  it('counts lines within the failing step, and shows calls into earlier steps', () => {
    const [first, second] = run(['def share(total, people):\n    return total / people'], ['a = 1\nb = share(10, 0)']);
    expect(first!.status).toBe('ok');
    expect(second!.error).toMatchObject({ kind: 'runtime', name: 'ZeroDivisionError', message: 'division by zero', line: 2 });
    expect(second!.error!.traceback).toContain('File "<step 1>", line 2, in share');
    expect(second!.defined).toEqual(['share', 'a']);
  });

  it('turns a huge allocation into a MemoryError', () => {
    const result = only('big = [0] * 10**9');
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'MemoryError', line: 1 });
    expect(result.error!.message).toMatch(/memory/);
  });

  it('turns runaway recursion into a RecursionError with a short traceback', () => {
    const result = only('def down(n):\n    return down(n + 1)\ndown(0)');
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'RecursionError', line: 2 });
    expect(result.error!.traceback!.split('\n').length).toBeLessThan(30);
    expect(only('x = 1', ['x']).values).toEqual({ x: 1 });
  });
});

describe('output', () => {
  it('captures print, including to stderr', () => {
    const result = only("import sys\nprint('a', 1)\nprint('b', file=sys.stderr)\nprint('c', end='')");
    expect(result.output).toBe('a 1\nb\nc');
    expect(result.truncated).toBe(false);
  });

  it('stops collecting at the cap and says it cut', () => {
    const result = only(`for i in range(${OUTPUT_LIMITS.lines * 50}):\n    print(i)`);
    expect(result.status).toBe('ok');
    expect(result.truncated).toBe(true);
    expect(result.output.split('\n').length - 1).toBe(OUTPUT_LIMITS.lines);
    const wide = only(`print('x' * ${OUTPUT_LIMITS.bytes * 2})`);
    expect(wide.truncated).toBe(true);
    expect(wide.output.length).toBeLessThanOrEqual(OUTPUT_LIMITS.bytes);
  });

  it('answers input() with an error instead of waiting', () => {
    expect(only("name = input('Name? ')").error).toMatchObject({ name: 'EOFError' });
  });
});

describe('notebook semantics', () => {
  it('starts every run from fresh globals', () => {
    expect(only('leftover = 1', ['leftover']).values).toEqual({ leftover: 1 });
    const next = only('x = leftover');
    expect(next.error).toMatchObject({ name: 'NameError', line: 1 });
    expect(next.defined).toEqual([]);
  });

  it('undoes changes to builtins, modules and sys', () => {
    run(["import builtins, sys, json\nbuiltins.len = lambda x: 42\nsys.setrecursionlimit(50)\nsys.stdout = None\nimport this"]);
    const result = only("import sys\nn = len([1, 2])\nlimit = sys.getrecursionlimit()\nprint('still here')\nloaded = 'this' in sys.modules", ['n', 'limit', 'loaded']);
    expect(result.values).toEqual({ n: 2, limit: expect.any(Number), loaded: false });
    expect(result.values.limit).toBeGreaterThan(50);
    expect(result.output).toBe('still here\n');
  });
});

describe('step 3 of the segmentation mini project', () => {
  const styles: Record<string, string> = {
    setdefault: `groups = {}\nfor customer in customers:\n    groups.setdefault(customer['category'], []).append(customer['name'])`,
    'defaultdict(list)': `from collections import defaultdict\ngroups = defaultdict(list)\nfor customer in customers:\n    groups[customer['category']].append(customer['name'])`,
    'dict comprehension': `groups = {category: [c['name'] for c in customers if c['category'] == category] for category in segment_categories}`,
    'empty lists, then append': `groups = {}\nfor category in segment_categories:\n    groups[category] = []\nfor customer in customers:\n    groups[customer['category']].append(customer['name'])`,
    'group per category': `groups = {}\nfor category in segment_categories:\n    group = [customer['name'] for customer in customers if customer['category'] == category]\n    groups[category] = group`,
  };

  it.each(Object.entries(styles))('%s passes the checker', (_, code) => {
    const steps = exercise.steps;
    const solution = (index: number) => steps[index]!.code.python!.solution;
    const results = run(
      [solution(0), steps[0]!.defines.map((d) => d.name)],
      [solution(1), steps[1]!.defines.map((d) => d.name)],
      [code, steps[2]!.defines.map((d) => d.name)],
    );
    const step3 = results[2]!;
    expect(step3.status).toBe('ok');
    expect(step3.values.groups).toEqual({ Books: ['Alice', 'Charlie'], Electronics: ['Bob', 'Ethan'], Clothing: ['Diana'] });
    const report = checkStep({ step: steps[2]!, number: 3, run: step3, language: 'python', code, starter: steps[2]!.code.python!.starter });
    expect(report).toEqual({ id: steps[2]!.id, status: 'pass', messages: [] });
  });

  it('the whole reference solution passes every step', () => {
    const results = run(...exercise.steps.map((step): [string, string[]] => [step.code.python!.solution, step.defines.map((d) => d.name)]));
    exercise.steps.forEach((step, index) => {
      expect(checkStep({ step, number: index + 1, run: results[index]!, language: 'python' }).status).toBe('pass');
    });
  });

  it('a set instead of a list fails with a sentence naming the type', () => {
    const steps = exercise.steps;
    const results = run([steps[0]!.code.python!.solution], [steps[1]!.code.python!.solution], [`groups = {c: {x['name'] for x in customers if x['category'] == c} for c in segment_categories}`, ['groups']]);
    const report = checkStep({ step: steps[2]!, number: 3, run: results[2]!, language: 'python' });
    expect(report.status).toBe('fail');
    expect(report.messages[0]).toContain("`groups['Books']` is a set (use a list instead)");
  });
});

describe('the harness in a restored interpreter', () => {
  it('reuses a harness of the same source, and replaces one of another source', async () => {
    const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
    const harnessId = () => pyodide.runPython("import sys; id(sys.modules['_stepwise_harness'])") as number;
    const runsOn = (prepared: PythonSession) => {
      const results: StepRun[] = [];
      runPython(prepared, [{ id: 'a', code: 'x = 1 + 1', capture: ['x'] }], { started() {}, finished: (index, result) => (results[index] = result) });
      return results[0]!.values;
    };
    expect(runsOn(preparePython(pyodide, HARNESS))).toEqual({ x: 2 });
    const first = harnessId();
    expect(runsOn(preparePython(pyodide, HARNESS))).toEqual({ x: 2 });
    expect(harnessId()).toBe(first);
    // A snapshot made before the harness changed holds the old source: it must not be used.
    pyodide.runPython("import sys; sys.modules['_stepwise_harness'].__source__ = 'an older harness'");
    expect(runsOn(preparePython(pyodide, HARNESS))).toEqual({ x: 2 });
    expect(harnessId()).not.toBe(first);
  }, 60_000);
});

describe('the interpreter snapshot the build ships', () => {
  const PUBLIC_PYODIDE = new URL(`../../public/${PYODIDE_DIR}/`, import.meta.url);

  it('unpacks to the bytes zstd itself reads, and restores an interpreter that runs a step', async () => {
    const packed = new Uint8Array(readFileSync(new URL(SNAPSHOT_FILE, PUBLIC_PYODIDE)));
    const memory = unpackZstd(packed);
    expect(Buffer.compare(Buffer.from(memory), zstdDecompressSync(packed))).toBe(0);
    // The reason for zstd: the file must stay well under the 6.3 MB the gzip one weighed.
    expect(packed.length).toBeLessThan(5_000_000);
    const pyodide = await loadPyodide({ stdLibURL: fileURLToPath(new URL(STDLIB_FILE, PUBLIC_PYODIDE)), _loadSnapshot: memory, stdout: () => {}, stderr: () => {} });
    const results: StepRun[] = [];
    runPython(preparePython(pyodide, HARNESS), [{ id: 'a', code: "x = {'n': 1 + 1}", capture: ['x'] }], { started() {}, finished: (index, result) => (results[index] = result) });
    expect(results[0]!.values).toEqual({ x: { n: 2 } });
  }, 60_000);

  it('refuses a file that is not zstd, such as the gzip snapshot of earlier builds', () => {
    expect(() => unpackZstd(gzipSync(Buffer.from('not a snapshot')))).toThrow(`${SNAPSHOT_FILE} is not a zstd file`);
  });
});

describe("the standard library's second zip", () => {
  const PUBLIC_PYODIDE = new URL(`../../public/${PYODIDE_DIR}/`, import.meta.url);
  const FIRST = fileURLToPath(new URL(STDLIB_FILE, PUBLIC_PYODIDE));
  /** Python as browsers and the grader start it: the snapshot, with the first zip. */
  const restored = () => loadPyodide({ stdLibURL: FIRST, _loadSnapshot: unpackZstd(new Uint8Array(readFileSync(new URL(SNAPSHOT_FILE, PUBLIC_PYODIDE)))), stdout: () => {}, stderr: () => {} });
  const rest = () => new Uint8Array(readFileSync(new URL(STDLIB_REST_FILE, PUBLIC_PYODIDE)));

  it("leaves out of the first zip every module the snapshot has imported, and Python still imports from it and from the second", async () => {
    const pyodide = await restored();
    const downloads: string[] = [];
    const session = preparePython(pyodide, HARNESS, { stdlibRest: () => (downloads.push('rest'), rest()) });
    const imported = pyodide.runPython(`
import sys, zipimport
first = next(entry for entry in sys.path if entry.endswith('.zip'))
names = set(zipimport.zipimporter(first)._get_files())
sorted(module.__file__[len(first) + 1:] for module in list(sys.modules.values()) if (getattr(module, '__file__', None) or '').startswith(first + '/') and module.__file__[len(first) + 1:] in names)
`).toJs();
    expect(imported).toEqual([]);
    const results: StepRun[] = [];
    const observer = { started() {}, finished: (index: number, result: StepRun) => (results[index] = result) };
    // Kept in the first zip for learners (KEEP in python-stdlib.mjs): no download.
    runPython(session, [{ id: 'a', code: 'import statistics, csv\nx = statistics.mean([1, 2, 6])', capture: ['x'] }], observer);
    expect(results[0]!.values).toEqual({ x: 3 });
    // An error raised inside a module whose file is no longer in the first zip reads as before.
    runPython(session, [{ id: 'a', code: 'import json\njson.loads("{")', capture: [] }], observer);
    expect(results[0]!.error?.name).toBe('JSONDecodeError');
    expect(results[0]!.error?.traceback).toContain('line 2');
    expect(downloads).toEqual([]);
    // A module of a package the snapshot has imported (encodings) comes from the second zip.
    runPython(session, [{ id: 'a', code: "import encodings.cp437\nx = 'é'.encode('cp437')[0]", capture: ['x'] }], observer);
    expect(results[0]!.values).toEqual({ x: 130 });
    expect(downloads).toEqual(['rest']);
  }, 60_000);

  it('is asked for by the first import that needs it, and its host hears "opened" only once that module has run', async () => {
    const pyodide = await restored();
    const events: string[] = [];
    const session = preparePython(pyodide, HARNESS, {
      stdlibRest: () => {
        events.push('download');
        return rest();
      },
      stdlibRestOpened: () => events.push(`opened (html.entities ${pyodide.runPython("import sys; 'in' if 'html.entities' in sys.modules else 'not in'")} sys.modules)`),
    });
    const results: StepRun[] = [];
    const steps = [{ id: 'a', code: "import html\nx = html.escape('<b>')", capture: ['x'] }];
    runPython(session, steps, { started: () => events.push('started'), finished: (index, result) => (results[index] = result) });
    expect(results[0]!.values).toEqual({ x: '&lt;b&gt;' });
    expect(events).toEqual(['started', 'download', 'opened (html.entities in sys.modules)']);
    // A typo costs no download; the zip is already there for the next import.
    runPython(session, [{ id: 'a', code: 'import maths', capture: [] }], { started() {}, finished: (index, result) => (results[index] = result) });
    expect(results[0]!.error?.name).toBe('ModuleNotFoundError');
    runPython(session, [{ id: 'a', code: 'import email.message', capture: [] }], { started() {}, finished: (index, result) => (results[index] = result) });
    expect(results[0]!.status).toBe('ok');
    expect(events).toHaveLength(3);
  }, 60_000);

  it("does not count the wait for it against a trace's deadline, in the traced step or an earlier one", async () => {
    const pyodide = await restored();
    const zip = rest();
    // A slow link: the download takes longer than the whole trace may.
    const slowly = () => {
      const until = performance.now() + 1500;
      while (performance.now() < until);
      return zip;
    };
    const session = preparePython(pyodide, HARNESS, { stdlibRest: slowly });
    const traced = (codes: string[]) => {
      const recording = new TraceRecording();
      runPython(
        session,
        codes.map((code, index) => ({ id: `s${index + 1}`, code, capture: [] })),
        { started() {}, finished() {} },
        {
          deadline: performance.now() + 1000,
          onChunk: (raw) => {
            const chunk = readTraceChunk(raw);
            if (typeof chunk === 'string') throw new Error(chunk);
            recording.add(chunk);
          },
        },
      );
      // The next case downloads the zip again.
      pyodide.FS.unlink('/lib/python_stdlib_rest.zip');
      return recording;
    };
    const within = traced(['import html\nx = html.escape("<b>")\ny = x + "!"']);
    expect(within.stopped).toBeUndefined();
    expect(within.frames.map((frame) => frame.line)).toEqual([1, 2, 3]);
    const earlier = traced(['import html', 'y = 1\nz = y + 1']);
    expect(earlier.stopped).toBeUndefined();
    expect(earlier.frames.map((frame) => frame.line)).toEqual([1, 2]);
  }, 60_000);

  it('tells its host "opened" even when the download fails, and the import fails as Python\'s own would', async () => {
    const pyodide = await restored();
    let opened = 0;
    const session = preparePython(pyodide, HARNESS, { stdlibRest: () => undefined, stdlibRestOpened: () => void (opened += 1) });
    const results: StepRun[] = [];
    runPython(session, [{ id: 'a', code: 'import html', capture: [] }], { started() {}, finished: (index, result) => (results[index] = result) });
    expect(results[0]!.error?.name).toBe('ModuleNotFoundError');
    expect(opened).toBe(1);
  }, 60_000);
});
