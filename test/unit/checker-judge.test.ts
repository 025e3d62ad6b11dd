/**
 * The run-and-judge pipeline: the preamble above Step 1, the loop requirement read in the
 * checker's own thread, variant runs, earlier-step notes, and the same report from `check`
 * as from the in-page path.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../src/cli/check-submission.ts';
import { nodeWorkerFactory } from '../../src/cli/node-runners.ts';
import { headline } from '../../src/lib/checker/check-step.ts';
import { capMessages } from '../../src/lib/checker/findings.ts';
import { javascriptLoopFacts } from '../../src/lib/checker/javascript-loops.ts';
import { judge } from '../../src/lib/checker/judge.ts';
import { toLiteral } from '../../src/lib/checker/literal.ts';
import { namesNotBuiltInLoop } from '../../src/lib/checker/loop-analysis.ts';
import { pythonLoopFacts } from '../../src/lib/checker/python-loops.ts';
import { exerciseManifestSchema } from '../../src/lib/exercise/schema.ts';
import { splitSource } from '../../src/lib/exercise/step-markers.ts';
import { problemsFromZod } from '../../src/lib/schema-errors.ts';
import { RunnerHost } from '../../src/lib/runner/host.ts';
import { checkJavaScript, miniProject, MINI_PROJECT, runInProcess } from '../helpers/exercise.ts';

const solutionFile = () => readFile(path.join(MINI_PROJECT, 'solution.js'), 'utf8');

describe('the preamble above Step 1', () => {
  it('is split off with the line it starts on', () => {
    const { preamble, steps } = splitSource('// helpers\nconst twice = (x) => 2 * x;\n\n// Step 1\nconst a = twice(1);\n');
    expect(preamble).toEqual({ step: 0, code: '// helpers\nconst twice = (x) => 2 * x;', firstLine: 1 });
    expect(steps).toEqual([{ step: 1, code: 'const a = twice(1);', firstLine: 5 }]);
    expect(splitSource('# Step 1\nx = 1').preamble).toBeUndefined();
  });

  it('runs before step 1, so later steps can use what it defines', async () => {
    const exercise = await miniProject();
    const codes = exercise.steps.map((step) => step.code.javascript!.solution);
    codes[2] = 'const groups = namesBy(customers);';
    const preamble = 'function namesBy(records) {\n  const out = {};\n  for (const r of records) (out[r.category] ??= []).push(r.name);\n  return out;\n}';
    const { reports } = await judge(exercise, { language: 'javascript', steps: codes, preamble }, 3, runInProcess);
    expect(reports.map((report) => report.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('reports its own error on step 1, at the line of the file', async () => {
    const exercise = await miniProject();
    const { preamble, steps } = splitSource(`const broken = missing + 1;\n${await solutionFile()}`);
    const { reports } = await judge(
      exercise,
      { language: 'javascript', steps: steps.map((chunk) => chunk.code), preamble: preamble!.code, firstLines: { preamble: 1, steps: steps.map((chunk) => chunk.firstLine) } },
      3,
      runInProcess,
    );
    expect(reports[0]).toEqual({ id: 'customers', status: 'error', reason: 'runtime', messages: ['Your code above Step 1 stopped with ReferenceError on line 1: missing is not defined'] });
    expect(reports[1]!.messages).toEqual(['This step could not run because the code above Step 1 did not finish. Fix that code first.']);
  });
});

describe('built with a loop, judged on the syntax tree', () => {
  it.each([
    ['for (const c of []) {}\nconst groups = { Books: [] };', false],
    ['const groups = {};\nfor (const c of cats) groups[c] = [];', true],
    ['const groups = Object.groupBy(customers, (c) => c.category);', true],
    ['const m = new Map();\nfor (const c of cs) m.set(c, 1);\nconst groups = Object.fromEntries(m);', true],
    ['function build() { const o = {}; for (const c of cs) o[c] = 1; return o; }\nconst groups = build();', true],
    ['const groups = {};\ngroups.Books = customers.filter((c) => c.category === "Books").map((c) => c.name);', true],
    ['const groups = {};\n// for (const c of cats) groups[c] = [];', false],
  ])('JavaScript %j → %s', (code, built) => {
    expect(namesNotBuiltInLoop(javascriptLoopFacts(code)!, ['groups'])).toEqual(built ? [] : ['groups']);
  });

  it.each([
    ['for c in []:\n    pass\ngroups = {"Books": []}', false],
    ['groups = {}\nfor c in cats:\n    groups[c] = []', true],
    ['groups = {c: [] for c in cats}', true],
    ['groups = defaultdict(list)\nfor c in cs:\n    groups[c["category"]].append(c["name"])', true],
    ['groups = {}\ngroups.setdefault("Books", []).append("Alice")', false],
    ['def build():\n    return {c: 1 for c in cats}\ngroups = build()', true],
    ['groups = {}\n# for c in cats: groups[c] = []\ns = "while True"', false],
  ])('Python %j → %s', (code, built) => {
    expect(namesNotBuiltInLoop(pythonLoopFacts(code), ['groups'])).toEqual(built ? [] : ['groups']);
  });
});

describe('variant data', () => {
  it('gets its expected values from the reference at build time, for generalizing steps only', async () => {
    const exercise = await miniProject();
    expect(exercise.steps.map((step) => step.generalizes)).toEqual([false, false, true, false]);
    expect(exercise.steps[2]!.variantExpected).toEqual([{ groups: { Books: ['Xia', 'Vera', 'Umar'], Electronics: ['Zoe', 'Wendell', 'Sol'], Clothing: ['Yusuf', 'Tamsin'] } }]);
    expect(exercise.steps[0]!.variantExpected).toEqual([]);
  });

  it('must name data a step defines', () => {
    const manifest = { id: 'x', title: 'X', summary: 'S', languages: ['javascript'], steps: [{ id: 'a', title: 'A', instructions: 'I', hints: ['H'], defines: [{ name: 'a', should: 'be', compare: {} }], generalizes: true }], variants: [{ description: 'other', values: { b: [1] } }] };
    const parsed = exerciseManifestSchema.safeParse(manifest);
    expect(parsed.success).toBe(false);
    expect(problemsFromZod('exercise.yaml', parsed.error!).map((problem) => `${problem.field}: ${problem.reason}`)).toEqual(['variants.1.values.b: no step defines this name']);
  });

  it('fails a step whose result is typed: it stays the same on other customers', async () => {
    const report = await checkJavaScript(
      'grouping',
      "const typed = { Books: ['Alice', 'Charlie'], Electronics: ['Bob', 'Ethan'], Clothing: ['Diana'] };\nconst groups = {};\nfor (const c of segment_categories) groups[c] = typed[c];",
    );
    expect(report).toMatchObject({ status: 'fail', reason: 'not-general' });
    expect(report.messages[0]).toMatch(/^`groups` is right for this data but does not follow from `customers`: with other customers .* it stays the same\./);
  });
});

describe('feedback', () => {
  it('leads with the earlier step that is wrong', async () => {
    const exercise = await miniProject();
    const codes = exercise.steps.map((step) => step.code.javascript!.solution);
    codes[1] = "const segment_categories = 'Books';";
    const { reports } = await judge(exercise, { language: 'javascript', steps: codes }, 3, runInProcess);
    expect(reports[1]!.messages).toEqual(['`segment_categories` should be an array of category names; it is a string.']);
    expect(reports[2]!.reason).toBe('earlier-step');
    expect(reports[2]!.messages[0]).toMatch(/^Step 2 is not done yet/);
    expect(reports[2]!.messages.length).toBeLessThanOrEqual(4);
    expect(headline(reports[2]!, 3)).toBe('Not yet: an earlier step needs fixing first.');
  });

  it('offers a name of the same type only', async () => {
    const report = await checkJavaScript('grouping', 'const group = [];\nconst customer_groups = {};\nfor (const c of customers) (customer_groups[c.category] ??= []).push(c.name);');
    expect(report.messages).toEqual(['`groups` is not defined. Your code builds an object named `customer_groups`; this step needs it named `groups`.']);
  });

  it('shows values in the notation of the language', () => {
    const record = { name: 'Alice', vip: true, note: null, tags: ["it's"] };
    expect(toLiteral(record, 'python')).toBe("{'name': 'Alice', 'vip': True, 'note': None, 'tags': ['it\\'s']}");
    expect(toLiteral(record, 'javascript')).toBe("{ name: 'Alice', vip: true, note: null, tags: ['it\\'s'] }");
  });

  it('shows at most three messages, then counts the rest', () => {
    expect(capMessages(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(capMessages(['a', 'b', 'c', 'd', 'e'])).toEqual(['a', 'b', 'c', '…and 2 more things to fix once these are done.']);
  });

  it('answers a value too large to judge with a message, not a hang', async () => {
    const report = await checkJavaScript('customers', "const customers = Array.from({ length: 150000 }, (_, i) => ({ name: 'C' + i, category: 'Books' }));");
    expect(report.messages).toEqual(['`customers` holds more than 100,000 values, too many to check. This step needs far fewer; build it from the data the earlier steps define.']);
  });
});

describe('one pipeline', () => {
  it('`check` gives the report the in-page path gives for the same code', async () => {
    const exercise = await miniProject();
    const source = (await solutionFile())
      .replace("'Charlie'", "'Charlei'")
      .replace('Latest gadgets available now!', 'Latest gadgtes available now!');
    const host = new RunnerHost(nodeWorkerFactory('javascript'));
    try {
      const fromCheck = await checkSubmission(exercise, 'javascript', source, host);
      const { steps } = splitSource(source);
      const inPage = await judge(exercise, { language: 'javascript', steps: steps.map((chunk) => chunk.code) }, 3, runInProcess);
      expect(fromCheck.steps).toEqual(inPage.reports);
      expect(fromCheck.steps[0]!.messages).toEqual(["The entry 'Charlei' in `customers` is a near miss: check its spelling."]);
    } finally {
      host.dispose();
    }
  });
});
