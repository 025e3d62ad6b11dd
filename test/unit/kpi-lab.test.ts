/**
 * The KPI lab and what it added to the checker: numbers compared within the manifest's
 * `tolerance`, anywhere in a value; a rate given as a percentage named as such; the exercise
 * judged through the one pipeline, in-process and through `stepwise check`.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compareValue, looksLikePercentage } from '../../src/lib/checker/compare-values.ts';
import { judge } from '../../src/lib/checker/judge.ts';
import { loadExercise } from '../../src/lib/exercise/load.ts';
import { splitSource } from '../../src/lib/exercise/step-markers.ts';
import { AuthoringError, formatProblem } from '../../src/lib/schema-errors.ts';
import { ROOT, runInProcess } from '../helpers/exercise.ts';

const KPI_LAB = path.join(ROOT, 'exercises/kpi-lab');
const rates = 'map each segment name to its rate';
const temps: string[] = [];
afterAll(async () => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('comparison with a tolerance', () => {
  it('accepts 0.1 + 0.2 for 0.3 only when the manifest gives a tolerance', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(compareValue('total', 'be a number', 0.1 + 0.2, 0.3, { ordered: false, tolerance: 0.001 }, 'python')).toEqual([]);
    expect(compareValue('total', 'be a number', 0.1 + 0.2, 0.3, { ordered: false }, 'python')).toEqual(['`total` does not have the expected value.']);
  });

  it('rejects a value further off than the tolerance, and says the tolerance', () => {
    expect(compareValue('total', 'be a number', 0.302, 0.3, { ordered: false, tolerance: 0.001 }, 'python')).toEqual([
      '`total` does not have the expected value, even allowing a difference of 0.001.',
    ]);
  });

  it('applies inside mappings, lists of records and lists of numbers', () => {
    const compare = { ordered: false, tolerance: 0.0001 };
    const expected = { newcomers: 0.3, loyal: 0.25 };
    expect(compareValue('ctr', rates, { newcomers: 0.1 + 0.2, loyal: 0.25000000000000006 }, expected, compare, 'python')).toEqual([]);
    expect(compareValue('ctr', rates, { newcomers: 0.1 + 0.2, loyal: 0.26 }, expected, compare, 'python')).toEqual([
      "`ctr['loyal']` does not have the expected value, even allowing a difference of 0.0001.",
    ]);
    const records = [{ name: 'a', rate: 0.3 }, { name: 'b', rate: 0.7 }];
    expect(compareValue('r', 'be records', [{ name: 'b', rate: 0.7000000001 }, { name: 'a', rate: 0.1 + 0.2 }], records, { ...compare, key: 'name' }, 'javascript')).toEqual([]);
    // A multiset of numbers: each close number counts as the expected one, order aside.
    expect(compareValue('l', 'be numbers', [0.7000000001, 0.1 + 0.2], [0.3, 0.7], compare, 'python')).toEqual([]);
    const twice = compareValue('l', 'be numbers', [0.1 + 0.2, 0.1 + 0.2], [0.3, 0.7], compare, 'python');
    expect(twice).toEqual(['0.3 appears 2 times in `l`; it should appear once.', '`l` is missing 1 entry.']);
    expect(compareValue('l', 'be numbers', [0.3, 0.7 + 0.01], [0.3, 0.7], { ...compare, ordered: true }, 'python')).not.toEqual([]);
  });
});

describe('a rate given as a percentage', () => {
  it('is named as a percentage, once for all the rates of a mapping, without the expected value', () => {
    const messages = compareValue('ctr', rates, { newcomers: 4, loyal: 10 }, { newcomers: 0.04, loyal: 0.1 }, { ordered: false, tolerance: 0.0001 }, 'python');
    expect(messages).toEqual([
      "`ctr['newcomers']` and `ctr['loyal']` look like percentages (from 0 to 100), but this step wants fractions from 0 to 1: a rate of 12% is written 0.12. Leave out the multiplication by 100.",
    ]);
    expect(messages.join(' ')).not.toMatch(/0\.04|0\.1\b/);
    expect(compareValue('lift', 'be a number', 25.000000000000007, 0.25000000000000006, { ordered: false }, 'javascript')).toEqual([
      '`lift` looks like a percentage (from 0 to 100), but this step wants a fraction from 0 to 1: a rate of 12% is written 0.12. Leave out the multiplication by 100.',
    ]);
  });

  it('is not suspected for other wrong values, nor for whole numbers', () => {
    expect(looksLikePercentage(25, 0.25)).toBe(true);
    expect(looksLikePercentage(25.004, 0.25, 0.0001)).toBe(true);
    for (const [actual, expected] of [[2.5, 0.25], [0.025, 0.25], [26, 0.25], [300, 3], [0, 0], [25, 0.2]] as const) {
      expect(looksLikePercentage(actual, expected, 0.0001), `${actual} for ${expected}`).toBe(false);
    }
    expect(compareValue('ctr', rates, { newcomers: 0.4 }, { newcomers: 0.04 }, { ordered: false, tolerance: 0.0001 }, 'python')).toEqual([
      "`ctr['newcomers']` does not have the expected value, even allowing a difference of 0.0001.",
    ]);
  });
});

describe('a one-letter answer', () => {
  it('is another answer, not a misspelling', () => {
    expect(compareValue('winner', 'be a {str}', 'A', 'B', { ordered: false }, 'python')).toEqual(['`winner` is not the expected text.']);
    expect(compareValue('offer', 'be a {str}', 'Discover new boks', 'Discover new books', { ordered: false }, 'python')).toEqual(['`offer` is a near miss: check the spelling of one word.']);
  });
});

describe('the tolerance in a manifest', () => {
  async function problemsWith(tolerance: string): Promise<string[]> {
    const root = await mkdtemp(path.join(tmpdir(), 'stepwise-kpi-'));
    temps.push(root);
    const dir = path.join(root, 'exercises/kpi-lab');
    await cp(KPI_LAB, dir, { recursive: true });
    const manifest = path.join(dir, 'exercise.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('compare: { tolerance: 0.0001 }', `compare: { tolerance: ${tolerance} }`));
    return loadExercise(dir, root).then(
      () => [],
      (error: unknown) => (error instanceof AuthoringError ? error.problems.map(formatProblem) : Promise.reject(error)),
    );
  }

  it.each([
    ['-0.01', 'must be greater than 0, such as 0.001'],
    ['0', 'must be greater than 0, such as 0.001'],
    ['"a little"', 'must be a number, such as 0.001'],
  ])('%s fails with file: field: reason', async (tolerance, reason) => {
    expect(await problemsWith(tolerance)).toEqual([`exercises/kpi-lab/exercise.yaml: steps.1.defines.3.compare.tolerance: ${reason}`]);
  });
});

describe('the KPI lab, judged', () => {
  const kpiLab = loadExercise(KPI_LAB, ROOT);

  it('takes its expected values from the reference solution, with at least one segment flagged and one not', async () => {
    const steps = (await kpiLab).steps;
    expect(steps.map((step) => step.id)).toEqual(['click-through', 'conversion', 'ab-test', 'rewrite']);
    expect(steps[0]!.expected.ctr).toEqual({ newcomers: 0.04, loyal: 0.1 });
    expect(steps[1]!.expected.conversion).toEqual({ newcomers: 0.005, loyal: 0.03 });
    expect(steps[2]!.expected.winner).toBe('B');
    expect(steps[2]!.expected.lift).toBeCloseTo(0.25, 12);
    expect(steps[3]!.expected.rewrite).toEqual({ newcomers: true, loyal: false });
    // On the variant, version A wins and the flags follow the other rule (a low conversion rate).
    expect(steps[2]!.variantExpected[0]).toMatchObject({ winner: 'A' });
    expect(steps[3]!.variantExpected[0]).toEqual({ rewrite: { newcomers: false, loyal: true, lapsed: true } });
  });

  const judgeJs = async (change: (code: string[]) => void) => {
    const exercise = await kpiLab;
    const { steps } = splitSource(await readFile(path.join(KPI_LAB, 'solution.js'), 'utf8'));
    const codes = steps.map((chunk) => chunk.code);
    change(codes);
    return (await judge(exercise, { language: 'javascript', steps: codes }, 3, runInProcess)).reports;
  };

  it('passes the reference, and a lift computed another way within the tolerance', async () => {
    const reports = await judgeJs((codes) => (codes[2] = codes[2]!.replace(/const lift = .*/, 'const lift = Math.max(rate_a, rate_b) / Math.min(rate_a, rate_b) - 1;')));
    expect(reports.map((report) => report.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('names percentages and a wrong denominator', async () => {
    const reports = await judgeJs((codes) => {
      codes[0] = codes[0]!.replace('counts.clicks / counts.sends', '(counts.clicks / counts.sends) * 100');
      codes[1] = codes[1]!.replace('counts.purchases / counts.sends', 'counts.purchases / counts.clicks');
    });
    expect(reports[0]).toEqual({ id: 'click-through', status: 'fail', reason: 'wrong', messages: [expect.stringMatching(/^`ctr\['newcomers'\]` and `ctr\['loyal'\]` look like percentages/)] });
    expect(reports[1]).toEqual({
      id: 'conversion',
      status: 'fail',
      // Step 1 is wrong too, so the student is sent back to it first.
      reason: 'earlier-step',
      messages: [expect.stringMatching(/^Step 1 is not done yet/), "`conversion['newcomers']` does not have the expected value, even allowing a difference of 0.0001.", "`conversion['loyal']` does not have the expected value, even allowing a difference of 0.0001."],
    });
    expect(reports[1]!.messages.join(' ')).not.toMatch(/percentage/);
  });

  it('asks for a loop for the rates of step 1, not for the data given with them', async () => {
    const typed = await judgeJs((codes) => (codes[0] = codes[0]!.replace(/const ctr = \{\};\n.*/, 'const ctr = { newcomers: 0.04, loyal: 0.1 };')));
    expect(typed[0]).toEqual({ id: 'click-through', status: 'fail', reason: 'no-loop', messages: [expect.stringMatching(/^This step asks you to build `ctr` with a loop/)] });
    const mapped = await judgeJs((codes) => (codes[0] = codes[0]!.replace(/const ctr = \{\};\n.*/, 'const ctr = Object.fromEntries(Object.entries(campaign).map(([name, c]) => [name, c.clicks / c.sends]));')));
    expect(mapped[0]).toEqual({ id: 'click-through', status: 'pass', messages: [] });
  });

  it('fails typed answers, which do not follow from the data', async () => {
    const typedTest = await judgeJs((codes) => (codes[2] = "const winner = 'B';\nconst lift = 0.25;"));
    expect(typedTest[2]).toMatchObject({ status: 'fail', reason: 'not-general' });
    expect(typedTest[2]!.messages[0]).toMatch(/^`winner` is right for this data but does not follow from `campaign` and `ab_test` and `ctr`/);
    // Looping over typed segment names passes the loop requirement, but not the other campaign.
    const typedNames = await judgeJs((codes) => (codes[3] = "const rewrite = {};\nfor (const name of ['newcomers', 'loyal']) rewrite[name] = name === 'newcomers';"));
    expect(typedNames.map((report) => report.reason)).toEqual([undefined, undefined, undefined, 'not-general']);
    expect(typedNames[3]!.messages[0]).toMatch(/^`rewrite` is right for this data but does not follow from/);
  });
});

describe('stepwise check on the KPI lab', () => {
  const cli = (...args: string[]) => promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/stepwise.mjs'), ...args], { cwd: ROOT }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  const ids = ['click-through', 'conversion', 'ab-test', 'rewrite'];

  it.each(['solution.py', 'solution.js'])('passes every step of %s', async (file) => {
    const { code, stdout } = await cli('check', 'kpi-lab', `exercises/kpi-lab/${file}`, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).steps).toEqual(ids.map((id) => ({ id, status: 'pass', messages: [] })));
  }, 120_000);

  it.each(['starter.py', 'starter.js'])('passes no step of %s: each is not attempted', async (file) => {
    const { code, stdout } = await cli('check', 'kpi-lab', `exercises/kpi-lab/${file}`, '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout).steps.map((step: { reason: string }) => step.reason)).toEqual(['not-attempted', 'not-attempted', 'not-attempted', 'not-attempted']);
  }, 120_000);

  it('gives a Python lift written as a percentage the same message as the page', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'stepwise-kpi-'));
    temps.push(dir);
    const file = path.join(dir, 'kpi-lab.py');
    const solution = await readFile(path.join(KPI_LAB, 'solution.py'), 'utf8');
    await writeFile(file, solution.replace(/^lift = (.*)$/m, 'lift = $1 * 100'));
    const { code, stdout } = await cli('check', 'kpi-lab', file, '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout).steps[2]).toEqual({
      id: 'ab-test',
      status: 'fail',
      reason: 'wrong',
      messages: ['`lift` looks like a percentage (from 0 to 100), but this step wants a fraction from 0 to 1: a rate of 12% is written 0.12. Leave out the multiplication by 100.'],
    });
  }, 120_000);
});
