import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { languageOfFile } from '../lib/exercise/exercise.ts';
import { loadExercise } from '../lib/exercise/load.ts';
import { RunnerHost } from '../lib/runner/host.ts';
import { checkSubmission, STATUS_LABEL, type SubmissionReport } from './check-submission.ts';
import { exportNotebook } from './export-notebook.ts';
import { gradeFolder } from './grade.ts';
import { newExercise, newLesson, ScaffoldError } from './scaffold.ts';
import { renderGradeReport } from './grade-report.ts';
import { nodeWorkerFactory } from './node-runners.ts';
import { validateProject } from './validate.ts';
import { AuthoringError, formatProblem } from '../lib/schema-errors.ts';

const USAGE = `Usage:
  stepwise check <exercise-id> <file> [--json]   check a whole-project submission (.py or .js)
  stepwise new exercise <id>                     create exercises/<id>/ from a template
  stepwise new lesson <course>/<page> [--exercise <id>]
                                                 create an MDX page (embedding an exercise)
  stepwise validate                              check every lesson, exercise and quiz
  stepwise grade <exercise-id> <folder> [--out results.json] [--report report.html]
                                                 grade every .py/.js submission of a folder
  stepwise export-notebook <exercise-id> --out <file.ipynb> [--solution]
                                                 the exercise as a Jupyter notebook (Python)

Exit codes: 0 every step passes, 1 a step does not pass, 2 usage or input error.`;

/** A mistake in how the command was called or in its input: exit code 2. */
class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'check') return await check(rest);
    if (command === 'validate') return await validate(rest);
    if (command === 'grade') return await grade(rest);
    if (command === 'new') return await scaffold(rest);
    if (command === 'export-notebook') return await notebook(rest);
    if (command === undefined || command === '--help' || command === '-h') {
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`Unknown command "${command}".`);
  } catch (error) {
    if (error instanceof ScaffoldError) {
      console.error(`stepwise: ${error.message}`);
      return 2;
    }
    if (error instanceof UsageError || error instanceof AuthoringError) {
      console.error(`stepwise: ${error.message}`);
      if (error instanceof UsageError) console.error(`\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

/** Splits arguments into positionals and `--name value` options, rejecting unknown options. */
function parseArgs(args: string[], flags: string[], valued: string[]): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) positional.push(arg);
    else if (flags.includes(arg)) options[arg.slice(2)] = true;
    else if (valued.includes(arg)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value.`);
      options[arg.slice(2)] = value;
    } else throw new UsageError(`Unknown option "${arg}".`);
  }
  return { positional, options };
}

function findExercise(exerciseId: string) {
  return loadExercise(path.resolve('exercises', exerciseId)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new UsageError(`There is no exercise "${exerciseId}" in exercises/.`);
    throw error;
  });
}

async function scaffold(args: string[]): Promise<number> {
  const { positional, options } = parseArgs(args, [], ['--exercise']);
  const [kind, target, ...extra] = positional;
  if (!target || extra.length > 0 || (kind !== 'exercise' && kind !== 'lesson')) throw new UsageError('new needs "exercise <id>" or "lesson <course>/<page>".');
  if (kind === 'exercise' && options.exercise) throw new UsageError('--exercise goes with "new lesson".');
  const created = kind === 'exercise' ? await newExercise(process.cwd(), target) : await newLesson(process.cwd(), target, options.exercise as string | undefined);
  console.log(`Created:\n${created.map((file) => `  ${file}`).join('\n')}\nReplace every TODO, then run \`npx stepwise validate\`.`);
  return 0;
}

async function grade(args: string[]): Promise<number> {
  const { positional, options } = parseArgs(args, [], ['--out', '--report']);
  if (positional.length !== 2) throw new UsageError('grade needs an exercise id and a folder.');
  const [exerciseId, folder] = positional as [string, string];
  const exercise = await findExercise(exerciseId);
  const isFolder = await stat(folder).then((info) => info.isDirectory(), () => false);
  if (!isFolder) throw new UsageError(`"${folder}" is not a folder.`);
  const started = performance.now();
  const results = await gradeFolder(exercise, folder);
  const seconds = (performance.now() - started) / 1000;
  const { summary } = results;
  console.log(`Graded ${summary.graded} of ${summary.submissions} submission(s) in ${seconds.toFixed(1)} s; ${summary.allStepsPass} pass every step.`);
  exercise.steps.forEach((step, index) => console.log(`  Step ${index + 1}: ${Math.round((summary.passRate[step.id] ?? 0) * 100)}% pass`));
  for (const entry of results.submissions) if ('error' in entry) console.log(`  not graded: ${entry.file}: ${entry.error}`);
  if (typeof options.out === 'string') await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  if (typeof options.report === 'string') await writeFile(options.report, renderGradeReport(exercise, results));
  return 0;
}

async function notebook(args: string[]): Promise<number> {
  const { positional, options } = parseArgs(args, ['--solution'], ['--out']);
  if (positional.length !== 1 || typeof options.out !== 'string') throw new UsageError('export-notebook needs an exercise id and --out <file.ipynb>.');
  const exercise = await findExercise(positional[0]!);
  if (!exercise.languages.includes('python')) throw new UsageError(`Exercise "${exercise.id}" has no Python track; notebooks are Python only.`);
  const outFolder = path.dirname(path.resolve(options.out));
  if (!(await stat(outFolder).then((info) => info.isDirectory(), () => false))) throw new UsageError(`The folder "${outFolder}" does not exist.`);
  console.log(await exportNotebook(exercise, options.solution === true, options.out));
  return 0;
}

async function check(args: string[]): Promise<number> {
  const { positional, options } = parseArgs(args, ['--json'], []);
  const json = options.json === true;
  if (positional.length !== 2) throw new UsageError('check needs an exercise id and a file.');
  const [exerciseId, file] = positional as [string, string];

  const exercise = await findExercise(exerciseId);
  const language = languageOfFile(file);
  if (!language) throw new UsageError(`"${file}" is neither a .py nor a .js file.`);
  if (!exercise.languages.includes(language)) throw new UsageError(`Exercise "${exerciseId}" has no ${language} track.`);
  const source = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot read "${file}": ${error.code === 'ENOENT' ? 'no such file' : error.message}.`);
  });
  const factory = nodeWorkerFactory(language);
  if (!factory) throw new UsageError(`The command line cannot run ${language} yet.`);

  const host = new RunnerHost(factory);
  try {
    const report = await checkSubmission(exercise, language, source, host);
    console.log(json ? JSON.stringify(report, null, 2) : formatReport(report, exercise.steps.map((step) => step.title)));
    return report.steps.every((step) => step.status === 'pass') ? 0 : 1;
  } finally {
    host.dispose();
  }
}

async function validate(args: string[]): Promise<number> {
  if (args.length > 0) throw new UsageError(`validate takes no arguments; it checks the project in the current folder.`);
  const started = performance.now();
  const { problems, counted } = await validateProject(process.cwd());
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const scope = `${counted.courses} course(s), ${counted.lessons} lesson(s), ${counted.exercises} exercise(s), ${counted.quizzes} quiz(zes)`;
  if (problems.length === 0) {
    console.log(`All sound: ${scope} checked in ${seconds} s.`);
    return 0;
  }
  for (const problem of problems) console.error(formatProblem(problem));
  console.error(`\n${problems.length} problem(s) in ${scope}, checked in ${seconds} s.`);
  return 1;
}

function formatReport(report: SubmissionReport, titles: string[]): string {
  const lines = report.steps.map((step, index) => {
    const head = `${STATUS_LABEL[step.status]}  Step ${index + 1}: ${titles[index]}`;
    return [head, ...step.messages.map((message) => `    ${message}`)].join('\n');
  });
  const passed = report.steps.filter((step) => step.status === 'pass').length;
  return `${lines.join('\n')}\n\n${passed} of ${report.steps.length} steps pass.`;
}
