import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { languageOfFile } from '../lib/exercise/exercise.ts';
import { loadExercise } from '../lib/exercise/load.ts';
import { RunnerHost } from '../lib/runner/host.ts';
import { AuthoringError } from '../lib/schema-errors.ts';
import { checkSubmission, type SubmissionReport } from './check-submission.ts';
import { nodeWorkerFactory } from './node-runners.ts';

const USAGE = `Usage:
  stepwise check <exercise-id> <file> [--json]   check a whole-project submission (.py or .js)

Exit codes: 0 every step passes, 1 a step does not pass, 2 usage or input error.`;

/** A mistake in how the command was called or in its input: exit code 2. */
class UsageError extends Error {}

const SYMBOLS: Record<string, string> = { pass: '✓', fail: '✗', error: '!', timeout: '⏱' };

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'check') return await check(rest);
    if (command === undefined || command === '--help' || command === '-h') {
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`Unknown command "${command}".`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof AuthoringError) {
      console.error(`stepwise: ${error.message}`);
      if (error instanceof UsageError) console.error(`\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

async function check(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const positional = args.filter((arg) => arg !== '--json');
  const unknown = positional.find((arg) => arg.startsWith('-'));
  if (unknown) throw new UsageError(`Unknown option "${unknown}".`);
  if (positional.length !== 2) throw new UsageError('check needs an exercise id and a file.');
  const [exerciseId, file] = positional as [string, string];

  const exercise = await loadExercise(path.resolve('exercises', exerciseId)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new UsageError(`There is no exercise "${exerciseId}" in exercises/.`);
    throw error;
  });
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

function formatReport(report: SubmissionReport, titles: string[]): string {
  const lines = report.steps.map((step, index) => {
    const head = `${SYMBOLS[step.status]} Step ${index + 1}: ${titles[index]} (${step.status})`;
    return [head, ...step.messages.map((message) => `    ${message}`)].join('\n');
  });
  const passed = report.steps.filter((step) => step.status === 'pass').length;
  return `${lines.join('\n')}\n\n${passed} of ${report.steps.length} steps pass.`;
}
