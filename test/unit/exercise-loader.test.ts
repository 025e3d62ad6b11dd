import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadExercise } from '../../src/lib/exercise/load.ts';
import { splitSteps } from '../../src/lib/exercise/step-markers.ts';
import { AuthoringError, formatProblem } from '../../src/lib/schema-errors.ts';
import { MINI_PROJECT } from '../helpers/exercise.ts';

const temps: string[] = [];
afterEach(async () => Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

/** A copy of the mini project in a temp folder, with `change` applied to one of its files. */
async function brokenCopy(file: string, change: (text: string) => string): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'stepwise-'));
  temps.push(root);
  const dir = path.join(root, 'exercises', 'segmentation-mini-project');
  await cp(MINI_PROJECT, dir, { recursive: true });
  const target = path.join(dir, file);
  await writeFile(target, change(await readFile(target, 'utf8')));
  return root;
}

async function problemsOf(root: string): Promise<string[]> {
  try {
    await loadExercise(path.join(root, 'exercises', 'segmentation-mini-project'), root);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthoringError);
    return (error as AuthoringError).problems.map(formatProblem);
  }
  throw new Error('expected the exercise to be rejected');
}

const MANIFEST = 'exercises/segmentation-mini-project/exercise.yaml';

describe('exercise manifest errors name file, field and reason', () => {
  it('a missing field', async () => {
    const root = await brokenCopy('exercise.yaml', (text) => text.replace(/^summary:.*\n/m, ''));
    expect(await problemsOf(root)).toEqual([`${MANIFEST}: summary: is required`]);
  });

  it('a step without hints, counting steps from 1', async () => {
    const root = await brokenCopy('exercise.yaml', (text) => text.replace(/ {4}hints:\n(?: {6}.*\n)+(?= {4}defines:\n\s+- name: segment_categories)/, '    hints: []\n'));
    expect(await problemsOf(root)).toEqual([`${MANIFEST}: steps.2.hints: needs at least one hint`]);
  });

  it('per-language text that leaves out a language', async () => {
    const root = await brokenCopy('exercise.yaml', (text) => text.replace(/ {6}javascript: \|\n {8}Our segments.*\n.*\n/, ''));
    expect(await problemsOf(root)).toEqual([`${MANIFEST}: steps.2.instructions: has no text for javascript`]);
  });

  it('a misspelt field', async () => {
    const root = await brokenCopy('exercise.yaml', (text) => text.replace('requires: [loop]', 'require: [loop]'));
    expect(await problemsOf(root)).toEqual([`${MANIFEST}: steps.3.require: unknown field; did you mean "requires"?`]);
  });

  it('an unknown requirement and a bad variable name', async () => {
    const root = await brokenCopy('exercise.yaml', (text) => text.replace('requires: [loop]', 'requires: [recursion]').replace('- name: groups', '- name: 2groups'));
    expect(await problemsOf(root)).toEqual([
      `${MANIFEST}: steps.3.defines.1.name: must be a variable name valid in Python and JavaScript`,
      `${MANIFEST}: steps.3.requires.1: the only requirement known is "loop"`,
    ]);
  });

  it('a YAML syntax error, with its line', async () => {
    const root = await brokenCopy('exercise.yaml', (text) => text.replace('title: Create the customer data list', 'title: [unclosed'));
    const [problem] = await problemsOf(root);
    expect(problem).toMatch(new RegExp(`^${MANIFEST}: line \\d+: `));
  });

  it('an id that does not match its folder', async () => {
    const root = await brokenCopy('exercise.yaml', (text) => text.replace('id: segmentation-mini-project', 'id: other-project'));
    expect(await problemsOf(root)).toEqual([`${MANIFEST}: id: must match its folder name "segmentation-mini-project"`]);
  });

  it('a solution file whose step markers do not match the steps', async () => {
    const root = await brokenCopy('solution.py', (text) => text.replace('# Step 4: one message per segment', ''));
    const [problem] = await problemsOf(root);
    expect(problem).toMatch(/^exercises\/segmentation-mini-project\/solution\.py: step markers: found steps \[1,2,3\] but the manifest has 4 steps/);
  });

  it('a JavaScript reference solution that throws', async () => {
    const root = await brokenCopy('solution.js', (text) => text.replace("groups[category] = group;", 'groups[category] = gruop;'));
    expect(await problemsOf(root)).toEqual([
      'exercises/segmentation-mini-project/solution.js: Step 3: the reference solution did not run: ReferenceError on line 4 of the step (line 17 of the file): gruop is not defined',
    ]);
  });
});

describe('step markers', () => {
  it('split a file into steps with the line each starts on', () => {
    const chunks = splitSteps('intro\n# Step 1: data\nx = 1\n\n// step 2\n\ny = 2\n');
    expect(chunks).toEqual([
      { step: 1, code: 'x = 1', firstLine: 3 },
      { step: 2, code: 'y = 2', firstLine: 7 },
    ]);
  });
});
