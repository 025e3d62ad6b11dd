import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeSubmission } from '../lib/submission/decode.ts';
import { CSV_LAYOUTS, formatGradebook, type CsvLayout } from '../lib/submission/gradebook.ts';
import { isSubmissionFile, readSubmission } from '../lib/submission/read.ts';
import { parseRoster } from '../lib/submission/roster.ts';
import { loadExercise, MANIFEST_FILE } from '../lib/exercise/load.ts';
import { foldersHolding } from '../lib/content/folders.ts';
import { didYouMean } from '../lib/checker/text-similarity.ts';
import { RunnerHost } from '../lib/runner/host.ts';
import { checkSubmission, STATUS_LABEL, type SubmissionReport } from './check-submission.ts';
import { exportNotebook } from './export-notebook.ts';
import { gradeFolder, resultsJson } from './grade.ts';
import { gradebookColumns, gradebookRows, writeFeedback } from './grade-outputs.ts';
import { newExercise, newLesson, ScaffoldError } from './scaffold.ts';
import { renderGradeReport } from './grade-report.ts';
import { nodeWorkerFactory } from './node-runners.ts';
import { validateProject } from './validate.ts';
import { AuthoringError, formatProblem } from '../lib/schema-errors.ts';

/** What each command takes, printed by `stepwise <command> --help` and after a usage mistake. */
const COMMAND_USAGE: Record<string, string> = {
  check: `stepwise check <exercise-id> <file> [--json]
    Checks one whole-project submission (.py, .js or a Python .ipynb notebook).
    --json        print the report as JSON`,
  new: `stepwise new exercise <id>
stepwise new lesson <course>/<page> [--exercise <id>]
    Creates an exercise folder from a template, or an MDX lesson page (embedding an exercise).`,
  validate: `stepwise validate
    Checks every lesson, exercise and quiz of the project in the current folder.`,
  grade: `stepwise grade <exercise-id> <folder> [options]
    Grades a class folder: one file per student, Canvas's download (files named
    name_userid_submissionid_file.py) or Moodle's (a folder per student).
    --out results.json          every result as JSON
    --report report.html        pass rates and a table of students, as a web page
    --csv grades.csv            a gradebook file, one row per student
    --csv-layout plain|canvas|moodle
                                the gradebook's columns (default plain)
    --roster roster.csv         the class list (columns id, name, display): maps file or
                                folder names to ids; students without a file score 0, "missing"
    --feedback <folder>         one HTML feedback page per student, to hand back`,
  'export-notebook': `stepwise export-notebook <exercise-id> --out <file.ipynb> [--solution]
    Writes the exercise as a Jupyter notebook (Python): instructions, a code cell per step
    with the starter code (or the reference solution with --solution), and a check cell.`,
};

const USAGE = `Usage:
${Object.values(COMMAND_USAGE).join('\n')}

Add --help after a command for its options only.
Exit codes: 0 everything passes, 1 a step or a submission does not pass, 2 usage or input error.`;

/** A mistake in how the command was called or in its input: exit code 2. */
class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command && Object.hasOwn(COMMAND_USAGE, command) && (rest.includes('--help') || rest.includes('-h'))) {
    console.log(`Usage:\n${COMMAND_USAGE[command]}`);
    return 0;
  }
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
      if (error instanceof UsageError) console.error(`\n${command && Object.hasOwn(COMMAND_USAGE, command) ? `Usage:\n${COMMAND_USAGE[command]}` : USAGE}`);
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
  return loadExercise(path.resolve('exercises', exerciseId)).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      const known = await foldersHolding(path.resolve('exercises'), MANIFEST_FILE);
      const [suggestion] = didYouMean(exerciseId, known.map((dir) => path.basename(dir)));
      throw new UsageError(`There is no exercise "${exerciseId}" in exercises/.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`);
    }
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
  const { positional, options } = parseArgs(args, [], ['--out', '--report', '--csv', '--csv-layout', '--roster', '--feedback']);
  if (positional.length !== 2) throw new UsageError('grade needs an exercise id and a folder.');
  const [exerciseId, folder] = positional as [string, string];
  const layout = (options['csv-layout'] ?? 'plain') as CsvLayout;
  if (!CSV_LAYOUTS.includes(layout)) throw new UsageError(`--csv-layout must be one of ${CSV_LAYOUTS.join(', ')}, not "${layout}".`);
  if (options['csv-layout'] && !options.csv) throw new UsageError('--csv-layout goes with --csv <file>.');
  const exercise = await findExercise(exerciseId);
  const isFolder = await stat(folder).then((info) => info.isDirectory(), () => false);
  if (!isFolder) throw new UsageError(`"${folder}" is not a folder.`);
  // Every place an output goes is checked before grading, so a typo costs seconds, not the batch.
  for (const option of ['out', 'report', 'csv'] as const) {
    if (typeof options[option] === 'string') await checkOutputFile(`--${option}`, options[option]);
  }
  if (typeof options.feedback === 'string') await prepareFolder('--feedback', options.feedback);
  const roster = typeof options.roster === 'string' ? await readRoster(options.roster) : undefined;

  const started = performance.now();
  const results = await gradeFolder(exercise, folder, undefined, roster ? { roster } : {});
  const seconds = (performance.now() - started) / 1000;
  const { summary } = results;
  console.log(`Graded ${summary.graded} of ${summary.submissions} submission(s) in ${seconds.toFixed(1)} s; ${summary.allStepsPass} pass every step.`);
  exercise.steps.forEach((step, index) => console.log(`  Step ${index + 1}: ${Math.round((summary.passRate[step.id] ?? 0) * 100)}% pass`));
  for (const entry of results.submissions) if ('error' in entry) console.log(`  not graded: ${entry.file}: ${entry.error}`);
  for (const entry of results.missing) console.log(`  missing: ${entry.studentId} (${entry.student}) handed in nothing`);
  for (const entry of results.skipped) console.log(`  skipped: ${entry.path}: ${entry.reason}`);
  if (typeof options.out === 'string') await writeFile(options.out, resultsJson(results));
  if (typeof options.report === 'string') await writeFile(options.report, renderGradeReport(exercise, results));
  if (typeof options.csv === 'string') await writeFile(options.csv, formatGradebook(layout, gradebookColumns(exercise), gradebookRows(exercise, results)));
  if (typeof options.feedback === 'string') {
    const written = await writeFeedback(exercise, results, options.feedback);
    console.log(`Wrote ${written} feedback page(s) to ${options.feedback}.`);
  }
  const everyonePasses = results.missing.length === 0 && results.submissions.every((entry) => entry.status === 'pass');
  return everyonePasses ? 0 : 1;
}

/** An output file's folder must exist, and the path must not be a folder. */
async function checkOutputFile(option: string, file: string): Promise<void> {
  const parent = path.dirname(path.resolve(file));
  const parentIsFolder = await stat(parent).then((info) => info.isDirectory(), () => false);
  if (!parentIsFolder) throw new UsageError(`${option} ${file}: the folder ${path.dirname(file)} does not exist; create it first.`);
  const isFolder = await stat(file).then((info) => info.isDirectory(), () => false);
  if (isFolder) throw new UsageError(`${option} ${file}: that is a folder; give a file name.`);
}

/** A folder to write into: made if its parent exists. */
async function prepareFolder(option: string, folder: string): Promise<void> {
  const info = await stat(folder).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UsageError(`${option} ${folder}: that is a file; give a folder.`);
  if (!info) {
    await checkOutputFile(option, folder);
    await mkdir(folder);
  }
}

async function readRoster(file: string) {
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--roster ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}.`);
  });
  const decoded = decodeSubmission(bytes);
  if ('problem' in decoded) throw new UsageError(`--roster ${file}: ${decoded.problem}.`);
  const parsed = parseRoster(decoded.text);
  if ('problem' in parsed) throw new UsageError(`--roster ${file}: ${parsed.problem}.`);
  return parsed.roster;
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
  if (!isSubmissionFile(file)) throw new UsageError(`"${file}" is neither a .py, a .js nor an .ipynb file.`);
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot read "${file}": ${error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'it is a folder' : error.message}.`);
  });
  // The same reading as grade's: an empty, binary or non-UTF-8 file is an input error, not a fail.
  const read = readSubmission(file, bytes);
  if ('problem' in read) throw new UsageError(`Cannot check "${file}": ${read.problem}.`);
  const { language, source } = read;
  if (!exercise.languages.includes(language)) throw new UsageError(`Exercise "${exerciseId}" has no ${language} track.`);
  const host = new RunnerHost(nodeWorkerFactory(language));
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
