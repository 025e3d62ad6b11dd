import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasJupyter, JUPYTER_PYTHON } from '../../scripts/jupyter.mjs';
import { main } from '../../src/cli/main.ts';
import type { Exercise } from '../../src/lib/exercise/exercise.ts';
import { loadExercise } from '../../src/lib/exercise/load.ts';
import { splitSteps } from '../../src/lib/exercise/step-markers.ts';
import { buildNotebook, type Notebook } from '../../src/lib/notebook/build-notebook.ts';

let exercise: Exercise;
beforeAll(async () => {
  exercise = await loadExercise(path.resolve('exercises/segmentation-mini-project'));
});

const codeOf = (notebook: Notebook) => notebook.cells.filter((cell) => cell.cell_type === 'code').map((cell) => cell.source.join(''));

describe('buildNotebook', () => {
  it('holds each step as instructions then code, the code cell starting with its step marker', () => {
    const notebook = buildNotebook({ exercise, codes: exercise.steps.map((step) => step.code.python!.solution) });
    expect(notebook.nbformat).toBe(4);
    expect(notebook.metadata.kernelspec).toMatchObject({ name: 'python3', language: 'python' });
    const ids = notebook.cells.map((cell) => cell.id);
    expect(new Set(ids).size).toBe(ids.length);
    const code = codeOf(notebook);
    expect(code).toHaveLength(exercise.steps.length + 1);
    // The code cells, joined, are a whole-project submission that splits back into the same steps.
    const chunks = splitSteps(code.slice(0, -1).join('\n\n'));
    expect(chunks.map((chunk) => chunk.code)).toEqual(exercise.steps.map((step) => step.code.python!.solution.trim()));
    const markdown = notebook.cells.filter((cell) => cell.cell_type === 'markdown').map((cell) => cell.source.join(''));
    expect(markdown[1]).toContain('## Step 1: Create the customer data list');
    // Instructions read in Python's words, not the placeholders authors write.
    expect(markdown.join('\n')).not.toMatch(/\{(list|dict|str)\}/);
    expect(markdown[1]).toContain('a list named `customers`');
  });

  it('writes the student’s own code, not the reference, into the step cells', () => {
    const codes = ['customers = ["mine"]', 'segment_categories = []', 'groups = {}', 'personalized_messages = {}'];
    const cells = codeOf(buildNotebook({ exercise, codes }));
    expect(cells[0]).toContain('customers = ["mine"]');
    expect(cells.slice(0, 4).join('\n')).not.toContain('Alice');
  });
});

describe('stepwise export-notebook', () => {
  it('refuses a missing output folder with a usage error, not a stack trace', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      expect(await main(['export-notebook', 'segmentation-mini-project', '--out', '/no/such/folder/x.ipynb'])).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors[0]).toContain('does not exist');
  });
});

/** Runs a notebook in Debian's Jupyter and returns what its last cell printed. */
function executeCheckCell(file: string): string {
  const out = `${file}.out.ipynb`;
  const run = spawnSync('/usr/bin/jupyter-nbconvert', ['--to', 'notebook', '--execute', '--output', out, file], {
    encoding: 'utf8',
    env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1' },
    timeout: 120_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const executed = JSON.parse(readFileSync(out, 'utf8')) as { cells: { outputs?: { text?: string | string[] }[] }[] };
  return (executed.cells.at(-1)!.outputs ?? []).map((output) => [output.text ?? ''].flat().join('')).join('');
}

// Real Jupyter, as a student's would run it; `npm test` installs it where it can (scripts/jupyter.mjs).
// Jupyter starts a kernel per run: seconds, more on a busy machine.
describe.skipIf(!hasJupyter())('exported notebooks in Jupyter', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-notebook-'));
  const exported = async (solution: boolean) => {
    const file = path.join(dir, solution ? 'solution.ipynb' : 'starter.ipynb');
    expect(await main(['export-notebook', 'segmentation-mini-project', '--out', file, ...(solution ? ['--solution'] : [])])).toBe(0);
    return file;
  };

  it('are valid nbformat 4', async () => {
    for (const file of [await exported(true), await exported(false)]) {
      const check = spawnSync(JUPYTER_PYTHON, ['-c', 'import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))', file], { encoding: 'utf8' });
      expect(check.status, check.stderr).toBe(0);
    }
  });

  it('the reference solution passes every step in the check cell', async () => {
    const printed = executeCheckCell(await exported(true));
    expect(printed).toContain('4 of 4 steps pass.');
    expect(printed).not.toContain('fail');
  });

  it('the starter fails every step in the check cell', async () => {
    const printed = executeCheckCell(await exported(false));
    expect(printed).toContain('0 of 4 steps pass.');
    expect(printed.match(/: fail - /g)).toHaveLength(4);
  });
});
