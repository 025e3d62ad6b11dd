import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeFolder } from '../../src/cli/grade.ts';
import { newExercise, newLesson, ScaffoldError } from '../../src/cli/scaffold.ts';
import { validateProject } from '../../src/cli/validate.ts';
import { formatProblem } from '../../src/lib/schema-errors.ts';
import { miniProject, ROOT } from '../helpers/exercise.ts';

const run = promisify(execFile);
const temps: string[] = [];
afterAll(async () => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stepwise-cli-'));
  temps.push(dir);
  return dir;
}

/** A copy of the project's content (lessons and exercises), to break on purpose. */
async function contentCopy(): Promise<string> {
  const root = await tempDir();
  await cp(path.join(ROOT, 'lessons'), path.join(root, 'lessons'), { recursive: true });
  await cp(path.join(ROOT, 'exercises'), path.join(root, 'exercises'), { recursive: true });
  return root;
}

async function edit(root: string, file: string, change: (text: string) => string): Promise<void> {
  const target = path.join(root, file);
  await writeFile(target, change(await readFile(target, 'utf8')));
}

const problemLines = async (root: string) => (await validateProject(root)).problems.map(formatProblem);

// validate runs every reference solution and starter in the sandbox (a jailed process per
// language, Python booting in it): seconds, more on a loaded machine.
describe('stepwise validate', { timeout: 180_000 }, () => {
  it('finds the real course sound', async () => {
    expect(await problemLines(ROOT)).toEqual([]);
  });

  it('reports a broken schema with file, field and reason', async () => {
    const root = await contentCopy();
    await edit(root, 'exercises/segmentation-mini-project/exercise.yaml', (text) => text.replace('title: Group customers by category', 'title: ""'));
    await edit(root, 'lessons/segmentation-and-personalization/mini-project.mdx', (text) => text.replace('minutes: 30', 'minutes: -3'));
    const problems = await problemLines(root);
    expect(problems).toContain('exercises/segmentation-mini-project/exercise.yaml: steps.3.title: must not be empty');
    expect(problems).toContain('lessons/segmentation-and-personalization/mini-project.mdx: minutes: Too small: expected number to be >0');
  });

  it('reports a reference solution that fails its own check', async () => {
    const root = await contentCopy();
    await edit(root, 'exercises/segmentation-mini-project/solution.js', (text) =>
      text.replace(/const groups = \{\};\nfor[\s\S]*?\n\}\n/, "const groups = { Books: ['Alice', 'Charlie'], Electronics: ['Bob', 'Ethan'], Clothing: ['Diana'] };\n"),
    );
    const problems = await problemLines(root);
    // The Python solution is then reported too: on variant data it no longer agrees with the typed reference.
    expect(problems).toHaveLength(2);
    expect(problems[1]).toMatch(/^exercises\/segmentation-mini-project\/solution\.py: Step 3: .*with other customers/);
    expect(problems[0]).toMatch(/^exercises\/segmentation-mini-project\/solution\.js: Step 3: the reference solution does not pass its own check \(fail\): .*loop/);
  });

  it('reports a starter that already passes its step', async () => {
    const root = await contentCopy();
    await edit(root, 'exercises/segmentation-mini-project/starter.js', (text) => text.replace('const segment_categories = [];', "const segment_categories = ['Books', 'Electronics', 'Clothing'];"));
    expect(await problemLines(root)).toEqual([
      'exercises/segmentation-mini-project/starter.js: Step 2: the starter code already passes this step, so a student could pass by doing nothing',
    ]);
  });

  it('reports a lesson that embeds a missing exercise', async () => {
    const root = await contentCopy();
    await edit(root, 'lessons/segmentation-and-personalization/mini-project.mdx', (text) =>
      text.replace('<Exercise id="segmentation-mini-project" />', '<Exercise id="segmentation-mini-projet" />'),
    );
    expect(await problemLines(root)).toEqual([
      'lessons/segmentation-and-personalization/mini-project.mdx: <Exercise>: embeds exercise "segmentation-mini-projet", which is not in exercises/; did you mean "segmentation-mini-project"?',
      'lessons/segmentation-and-personalization/mini-project.mdx: exercise: names exercise "segmentation-mini-project" but the page does not embed it with <Exercise id="segmentation-mini-project" />',
    ]);
  });

  it('reports a broken quiz and a lesson that embeds a missing quiz', async () => {
    const root = await contentCopy();
    await edit(root, 'lessons/segmentation-and-personalization/practice.mdx', (text) => text.replace('<Quiz id="practice-quiz"', '<Quiz id="practise-quiz"'));
    await edit(root, 'exercises/pattern-test/quiz.yaml', (text) => text.replace(/difficulty: hard/, 'difficulty: brutal'));
    const problems = await problemLines(root);
    expect(problems).toContain('lessons/segmentation-and-personalization/practice.mdx: <Quiz>: embeds quiz "practise-quiz", which is not in exercises/ (as quiz.yaml); did you mean "practice-quiz"?');
    expect(problems.some((line) => /^exercises\/pattern-test\/quiz\.yaml: questions\.\d+ \([a-z-]+\)\.difficulty: /.test(line))).toBe(true);
  });
});

describe('stepwise validate: authoring mistakes, one line each at their cause', { timeout: 180_000 }, () => {
  it('words a YAML syntax error plainly, at the line where the quote opens', async () => {
    const root = await contentCopy();
    await edit(root, 'exercises/age-location-segments/exercise.yaml', (text) => text.replace(/^id: (.*)$/m, 'id: "$1'));
    const line = (await readFile(path.join(root, 'exercises/age-location-segments/exercise.yaml'), 'utf8')).split('\n').findIndex((l) => l.startsWith('id: "')) + 1;
    // One line: the lesson that embeds the broken exercise does not add "is not in exercises/".
    expect(await problemLines(root)).toEqual([`exercises/age-location-segments/exercise.yaml: line ${line}: a quoted text is opened here but its closing quote is missing`]);
  });

  it("words a lesson's frontmatter YAML error the same way, at its line in the file", async () => {
    const root = await contentCopy();
    await edit(root, 'lessons/segmentation-and-personalization/age-and-location.mdx', (text) => text.replace(/^title: "?(.*?)"?$/m, 'title: "$1'));
    expect(await problemLines(root)).toEqual(['lessons/segmentation-and-personalization/age-and-location.mdx: line 2: a quoted text is opened here but its closing quote is missing']);
  });

  it('suggests the field meant by a typo, without a follow-on "is required"', async () => {
    const root = await contentCopy();
    await edit(root, 'exercises/age-location-segments/exercise.yaml', (text) => text.replace(/^(\s+)hints:/m, '$1hint:'));
    expect(await problemLines(root)).toEqual([expect.stringMatching(/^exercises\/age-location-segments\/exercise\.yaml: steps\.1\.hint: unknown field; did you mean "hints"\?$/)]);
  });

  it('reports an unclosed <Exercise> with its line, an unknown {placeholder} and a duplicate lesson order', async () => {
    const root = await contentCopy();
    const lesson = 'lessons/segmentation-and-personalization/mini-project.mdx';
    await edit(root, lesson, (text) => text.replace('<Exercise id="segmentation-mini-project" />', '<Exercise id="segmentation-mini-project">'));
    const line = (await readFile(path.join(root, lesson), 'utf8')).split('\n').findIndex((l) => l.startsWith('<Exercise id=')) + 1;
    await edit(root, 'exercises/segmentation-mini-project/exercise.yaml', (text) => text.replace('{list}', '{lst}'));
    await edit(root, 'lessons/segmentation-and-personalization/practice.mdx', (text) => text.replace(/^order: \d+$/m, 'order: 5'));
    const problems = await problemLines(root);
    expect(problems).toContain(`${lesson}: line ${line}: MDX cannot read this: Expected a closing tag for \`<Exercise>\``);
    expect(problems).toContainEqual(expect.stringMatching(/^exercises\/segmentation-mini-project\/exercise\.yaml: steps\.\d\.[a-z.0-9]+: \{lst\} is not a type word; did you mean \{list\}\?/));
    expect(problems).toContainEqual(expect.stringMatching(/^lessons\/segmentation-and-personalization\/[a-z-]+\.mdx: order: 5 is also the order of lessons\/segmentation-and-personalization\/[a-z-]+\.mdx/));
    expect(problems).toHaveLength(3);
  });

  it('names both files when two reference solutions disagree', async () => {
    const root = await contentCopy();
    await edit(root, 'exercises/segmentation-mini-project/solution.py', (text) => text.replace("'Clothing']", "'Clothes']"));
    expect((await problemLines(root)).join('\n')).toMatch(/^exercises\/segmentation-mini-project\/solution\.py: Step 2: the reference solution disagrees with exercises\/segmentation-mini-project\/solution\.js/);
  });
});

describe('stepwise new', { timeout: 180_000 }, () => {
  it('scaffolds an exercise and a lesson that validate once their placeholders are filled', async () => {
    const root = await tempDir();
    await mkdir(path.join(root, 'lessons'));
    expect(await newExercise(root, 'loyalty-tiers')).toHaveLength(5);
    expect(await newLesson(root, 'loyalty/tiers', 'loyalty-tiers')).toEqual(['lessons/loyalty/course.yaml', 'lessons/loyalty/tiers.mdx']);
    const before = await problemLines(root);
    expect(before.some((line) => line.startsWith('exercises/loyalty-tiers/exercise.yaml: title: still holds a TODO'))).toBe(true);
    expect(before).toContain('lessons/loyalty/tiers.mdx: (file): still contains TODO placeholders from the scaffold');

    for (const file of ['exercises/loyalty-tiers/exercise.yaml', 'lessons/loyalty/course.yaml', 'lessons/loyalty/tiers.mdx']) {
      await edit(root, file, (text) => text.replace(/TODO:? ?/g, 'Filled in: '));
    }
    expect(await problemLines(root)).toEqual([]);
  });

  it('refuses to overwrite and rejects bad ids', async () => {
    const root = await tempDir();
    await newExercise(root, 'tiers');
    await expect(newExercise(root, 'tiers')).rejects.toThrow('exercises/tiers already exists');
    await expect(newExercise(root, 'Tiers_2')).rejects.toThrow(ScaffoldError);
    await expect(newLesson(root, 'just-a-page', undefined)).rejects.toThrow('should be <course>/<page>');
    await expect(newLesson(root, 'course/page', 'missing')).rejects.toThrow('There is no exercise "missing"');
  });
});

describe('stepwise grade', { timeout: 180_000 }, () => {
  it('gives each kind of submission its own status and never stops the batch', async () => {
    const exercise = await miniProject();
    const folder = await tempDir();
    const solution = await readFile(path.join(ROOT, 'exercises/segmentation-mini-project/solution.js'), 'utf8');
    await writeFile(path.join(folder, 'correct.js'), solution);
    await writeFile(path.join(folder, 'wrong.js'), solution.replace("Clothing: 'Trendy styles for your wardrobe.'", "Clothing: 'Clothes!'"));
    await writeFile(path.join(folder, 'erroring.js'), solution.replace('const segment_categories', 'segment_categories.push(1);\nconst segment_categories'));
    await writeFile(path.join(folder, 'looping.js'), solution.replace('// Step 3', 'while (true) {}\n// Step 3'));
    await writeFile(path.join(folder, 'unmarked.js'), solution.replace(/\/\/ Step \d.*\n/g, ''));
    await writeFile(path.join(folder, 'empty.js'), '');
    await writeFile(path.join(folder, 'notes.txt'), 'not code');
    await symlink(path.join(folder, 'nowhere.js'), path.join(folder, 'broken-link.js'));

    await writeFile(path.join(folder, 'bom-crlf.js'), `\uFEFF${solution.replace(/\n/g, '\r\n')}`);
    await writeFile(path.join(folder, 'binary.js'), new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));

    // Speed is for `npm run bench`; this proves only that the batch finishes with every status.
    const results = await gradeFolder(exercise, folder, 2);
    const statuses = Object.fromEntries(results.submissions.map((entry) => [entry.file, 'steps' in entry ? entry.steps.map((s) => s.status).join(',') : `error: ${entry.error}`]));
    expect(statuses).toEqual({
      'binary.js': 'error: the file is binary, not source code',
      'bom-crlf.js': 'pass,pass,pass,pass',
      'correct.js': 'pass,pass,pass,pass',
      'empty.js': 'error: the file is empty',
      'erroring.js': 'pass,error,error,error',
      'looping.js': 'pass,timeout,timeout,timeout',
      'notes.txt': 'error: not a .py, .js or .ipynb file, so it was not graded',
      'unmarked.js': 'error,error,error,error',
      'wrong.js': 'pass,pass,pass,fail',
    });
    expect(results.skipped).toEqual([{ path: 'broken-link.js', reason: 'a symbolic link, which is never followed' }]);
    // Every file counts: 9 submissions, of which 5 pass step 1 (the ungraded ones and the unmarked
    // one, which is not run because its steps cannot be told apart, pass nothing).
    expect(results.summary).toMatchObject({ submissions: 9, graded: 6, notGraded: 3, allStepsPass: 2, maxScore: 4, passRate: { customers: 0.556, criteria: 0.333, grouping: 0.333, messages: 0.222 } });
    expect(Object.fromEntries(results.submissions.map((entry) => [entry.file, entry.score]))).toMatchObject({ 'correct.js': 4, 'wrong.js': 3, 'erroring.js': 1, 'empty.js': 0 });
    // Steps 3 and 4 of the erroring and looping files only repeat that step 2 did not finish: left out.
    expect(results.summary.commonFailures.map((failure) => failure.message)).not.toContainEqual(expect.stringContaining('could not run because'));
    // What is left: the wrong message, the error, the timeout and the missing step markers.
    expect(results.summary.commonFailures).toHaveLength(4);
  });
});

describe('stepwise check (the command)', () => {
  const cli = (...args: string[]) => run(process.execPath, [path.join(ROOT, 'bin/stepwise.mjs'), ...args], { cwd: ROOT }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

  it('exits 0 when every step passes and prints the JSON report', async () => {
    const { code, stdout } = await cli('check', 'segmentation-mini-project', 'exercises/segmentation-mini-project/solution.js', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toEqual({ exercise: 'segmentation-mini-project', language: 'javascript', steps: ['customers', 'criteria', 'grouping', 'messages'].map((id) => ({ id, status: 'pass', messages: [] })) });
  });

  it('exits 1 when a step fails, naming it', async () => {
    const { code, stdout } = await cli('check', 'segmentation-mini-project', 'exercises/segmentation-mini-project/starter.js');
    expect(code).toBe(1);
    expect(stdout).toContain('Not attempted yet');
  });

  it('exits 2 with a clear message for usage and input errors', async () => {
    for (const [args, message] of [
      [['check', 'segmentation-mini-project'], 'check needs an exercise id and a file.'],
      [['check', 'nope', 'x.js'], 'There is no exercise "nope" in exercises/.'],
      [['check', 'segmentation-mini-project', 'missing.js'], 'Cannot read "missing.js": no such file.'],
      [['check', 'segmentation-mini-project', 'README.md'], '"README.md" is neither a .py, a .js nor an .ipynb file.'],
      [['check', 'segmentation-mini-projet', 'x.js'], 'There is no exercise "segmentation-mini-projet" in exercises/. Did you mean "segmentation-mini-project"?'],
      [['check', 'segmentation-mini-project', 'test/fixtures/lms/empty.js'], 'Cannot check "test/fixtures/lms/empty.js": the file is empty.'],
      [['check', 'segmentation-mini-project', 'x.js', '--yaml'], 'Unknown option "--yaml".'],
    ] as const) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  }, 120_000);
});
