import { readdir, readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { StepReport } from '../lib/checker/check-step.ts';
import { languageOfFile, type Exercise } from '../lib/exercise/exercise.ts';
import { RunnerHost } from '../lib/runner/host.ts';
import type { Language } from '../lib/runner/protocol.ts';
import { checkSubmission } from './check-submission.ts';
import { nodeWorkerFactory } from './node-runners.ts';

export type GradedFile =
  | { file: string; exercise: string; language: Language; steps: StepReport[] }
  | { file: string; error: string };

export interface GradeResults {
  exercise: string;
  summary: {
    submissions: number;
    graded: number;
    notGraded: number;
    allStepsPass: number;
    /** Share of graded submissions passing each step, by step id. */
    passRate: Record<string, number>;
    /** The failure messages students met most often, most frequent first. */
    commonFailures: { message: string; count: number }[];
  };
  submissions: GradedFile[];
}

/**
 * Grades every file of a folder in parallel: one runner per worker thread and language, each
 * run with its own time budget, so a looping submission holds up one slot, not the batch.
 */
export async function gradeFolder(exercise: Exercise, folder: string, concurrency = availableParallelism()): Promise<GradeResults> {
  const files = (await readdir(folder, { withFileTypes: true })).filter((entry) => !entry.isDirectory()).map((entry) => entry.name).sort();
  const submissions: GradedFile[] = new Array(files.length);
  const hosts: Map<Language, RunnerHost>[] = Array.from({ length: Math.max(1, concurrency) }, () => new Map());
  let next = 0;
  const slot = async (own: Map<Language, RunnerHost>) => {
    while (next < files.length) {
      const index = next++;
      submissions[index] = await gradeFile(exercise, folder, files[index]!, own);
    }
  };
  try {
    await Promise.all(hosts.map(slot));
  } finally {
    for (const own of hosts) for (const host of own.values()) host.dispose();
  }
  return { exercise: exercise.id, summary: summarize(exercise, submissions), submissions };
}

async function gradeFile(exercise: Exercise, folder: string, file: string, hosts: Map<Language, RunnerHost>): Promise<GradedFile> {
  const language = languageOfFile(file);
  if (!language) return { file, error: 'not a .py or .js file, so it was not graded' };
  if (!exercise.languages.includes(language)) return { file, error: `this exercise has no ${language} track` };
  let source: string;
  try {
    if ((await stat(path.join(folder, file))).size === 0) return { file, error: 'the file is empty' };
    source = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path.join(folder, file)));
  } catch (error) {
    if (error instanceof TypeError) return { file, error: 'the file is not UTF-8 text' };
    return { file, error: `the file could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  if (source.trim() === '') return { file, error: 'the file holds only blank space' };
  let host = hosts.get(language);
  if (!host) {
    const factory = nodeWorkerFactory(language);
    if (!factory) return { file, error: `${language} submissions cannot be run from the command line` };
    host = new RunnerHost(factory);
    hosts.set(language, host);
  }
  try {
    return { file, ...(await checkSubmission(exercise, language, source, host)) };
  } catch (error) {
    return { file, error: `the runner failed: ${(error as Error).message}` };
  }
}

function summarize(exercise: Exercise, submissions: GradedFile[]): GradeResults['summary'] {
  const graded = submissions.filter((entry): entry is Extract<GradedFile, { steps: StepReport[] }> => 'steps' in entry);
  const failures = new Map<string, number>();
  for (const entry of graded) {
    // Counted once per submission: an unmarked file repeats one message for every step.
    for (const message of new Set(entry.steps.flatMap((step) => step.messages))) failures.set(message, (failures.get(message) ?? 0) + 1);
  }
  const passRate = Object.fromEntries(
    exercise.steps.map((step, index) => [
      step.id,
      graded.length === 0 ? 0 : Math.round((graded.filter((entry) => entry.steps[index]?.status === 'pass').length / graded.length) * 1000) / 1000,
    ]),
  );
  return {
    submissions: submissions.length,
    graded: graded.length,
    notGraded: submissions.length - graded.length,
    allStepsPass: graded.filter((entry) => entry.steps.every((step) => step.status === 'pass')).length,
    passRate,
    commonFailures: [...failures].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([message, count]) => ({ message, count })),
  };
}
