import { lstatSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { StepReport } from '../lib/checker/check-step.ts';
import type { Exercise } from '../lib/exercise/exercise.ts';
import { RunnerHost } from '../lib/runner/host.ts';
import type { Language, StepRun } from '../lib/runner/protocol.ts';
import { discoverSubmissions, type FoundSubmission, type ListedEntry, type SkippedEntry } from '../lib/submission/discover.ts';
import { MAX_SUBMISSION_BYTES } from '../lib/submission/decode.ts';
import { isFollowOn, score, stepPoints, type GradeStatus } from '../lib/submission/marks.ts';
import { readSubmission } from '../lib/submission/read.ts';
import { findOnRoster, type Roster } from '../lib/submission/roster.ts';
import { checkSubmission } from './check-submission.ts';
import { nodeWorkerFactory, RUNNER_PER_SUBMISSION } from './node-runners.ts';
import { Turns } from './turns.ts';

/** A step as graded: the checker's report, the points it earned and what the code printed. */
export interface GradedStep extends StepReport {
  points: number;
  output: string;
}

interface Marked {
  /** The file graded (or the student's folder when it held no code file), relative to the class folder. */
  file: string;
  /** The student as the download names them, and the gradebook id (roster id when a roster is given). */
  student: string;
  studentId: string;
  /** Canvas user id or Moodle participant id, when the download carries one. */
  lmsId?: string;
  status: GradeStatus;
  score: number;
  maxScore: number;
}

export type GradedFile =
  | (Marked & { exercise: string; language: Language; steps: GradedStep[]; /** Kept for feedback files; left out of results.json. */ source: string })
  | (Marked & { error: string });

export interface MissingStudent {
  studentId: string;
  student: string;
  status: 'missing';
  score: 0;
  maxScore: number;
}

export interface GradeResults {
  exercise: string;
  summary: {
    submissions: number;
    graded: number;
    notGraded: number;
    allStepsPass: number;
    /** Roster students with no submission. */
    missing: number;
    maxScore: number;
    /** Share of all submissions (ungraded ones included, as failing) passing each step, by step id. */
    passRate: Record<string, number>;
    /** The failure messages students met most often, most frequent first; follow-on messages left out. */
    commonFailures: { message: string; count: number }[];
  };
  submissions: GradedFile[];
  missing: MissingStudent[];
  /** Entries of the folder that were not graded as anyone's submission, and why. */
  skipped: SkippedEntry[];
}

export interface GradeOptions {
  roster?: Roster;
}

/** Printed output kept per step in the results and feedback. */
const OUTPUT_KEPT = 4000;
/** Slots that share one runner of a language whose runner serves a whole class (JavaScript); see gradeFolder. */
const SLOTS_PER_SHARED_RUNNER = 3;
/** How deep the class folder is read: a student folder and one level inside it. */
const MAX_DEPTH = 3;

/**
 * Grades every submission of a class folder in parallel, each run with its own time budget,
 * so that a looping submission holds up one slot, not the batch. Symbolic links are never
 * followed. `concurrency`: how many runtimes run at once (one per core).
 *
 * Runners (see node-runners.ts): Python's is made anew for every submission, and as many run
 * at once as `concurrency`. JavaScript's sandbox serves a whole class: there is one per core,
 * and three slots share each, their runs queued in it, so that while a slot judges in this
 * process the sandbox runs another's code instead of waiting (the host sees that no student's
 * code can end another's run). On two cores this graded 261 submissions/s where a sandbox per
 * slot graded 172/s (docs/performance.md).
 */
export async function gradeFolder(exercise: Exercise, folder: string, concurrency = availableParallelism(), options: GradeOptions = {}): Promise<GradeResults> {
  const { found, skipped } = discoverSubmissions(await listFolder(folder), exercise.id);
  const submissions: GradedFile[] = new Array(found.length);
  const runtimes = Math.max(1, concurrency);
  const shared = Array.from({ length: runtimes }, () => new Map<Language, RunnerHost>());
  const ownRunners = new Turns(runtimes);
  let next = 0;
  const slot = async (number: number) => {
    const runners = shared[number % runtimes]!;
    while (next < found.length) {
      const index = next++;
      submissions[index] = await gradeSubmission(exercise, folder, found[index]!, { shared: runners, ownRunners }, options.roster);
    }
  };
  try {
    await Promise.all(Array.from({ length: runtimes * SLOTS_PER_SHARED_RUNNER }, (_, number) => slot(number)));
  } finally {
    for (const runners of shared) for (const host of runners.values()) host.dispose();
  }
  const maxScore = score(stepPoints(exercise.steps), []).max;
  const handedIn = new Set(submissions.map((entry) => entry.studentId));
  const missing: MissingStudent[] = (options.roster ?? [])
    .filter((entry) => !handedIn.has(entry.id))
    .map((entry) => ({ studentId: entry.id, student: entry.display, status: 'missing', score: 0, maxScore }));
  return { exercise: exercise.id, summary: summarize(exercise, submissions, missing.length, maxScore), submissions, missing, skipped };
}

/** The class folder as a listing, read with lstat so that links are reported, not followed. */
async function listFolder(folder: string, relative = '', depth = 1): Promise<ListedEntry[]> {
  const listed: ListedEntry[] = [];
  for (const entry of await readdir(path.join(folder, relative), { withFileTypes: true })) {
    const entryPath = relative ? `${relative}/${entry.name}` : entry.name;
    const kind = entry.isSymbolicLink() ? 'link' : entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
    listed.push({ path: entryPath, kind });
    if (kind === 'folder' && depth < MAX_DEPTH) listed.push(...(await listFolder(folder, entryPath, depth + 1)));
  }
  return listed;
}

/** A slot's runners: its shared ones by language, and the turns for a runner of one's own. */
interface SlotRunners {
  shared: Map<Language, RunnerHost>;
  ownRunners: Turns;
}

async function gradeSubmission(exercise: Exercise, folder: string, found: FoundSubmission, runners: SlotRunners, roster?: Roster): Promise<GradedFile> {
  const onRoster = roster ? findOnRoster(roster, found.student) : undefined;
  const maxScore = score(stepPoints(exercise.steps), []).max;
  const marked = {
    file: found.entry,
    student: onRoster?.display ?? found.student.name,
    studentId: onRoster?.id ?? found.student.lmsId ?? found.student.name,
    ...(found.student.lmsId ? { lmsId: found.student.lmsId } : {}),
    maxScore,
  };
  const notGraded = (error: string): GradedFile => ({ ...marked, status: 'not graded', score: 0, error });
  if (!found.file) return notGraded('the folder holds no .py, .js or .ipynb file');
  let bytes: Uint8Array;
  try {
    // Read at once, not through the thread pool: a file is at most 1 MB, and four hops to the
    // pool per file cost the batch 3–14 % of its speed (bench/grading.mjs, in turns).
    const info = lstatSync(path.join(folder, found.file));
    if (info.size > MAX_SUBMISSION_BYTES) return notGraded(`the file is larger than ${MAX_SUBMISSION_BYTES / 1_000_000} MB, so it was not read`);
    bytes = readFileSync(path.join(folder, found.file));
  } catch (error) {
    return notGraded(`the file could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const read = readSubmission(found.file, bytes);
  if ('problem' in read) return notGraded(read.problem);
  const { language, source } = read;
  if (!exercise.languages.includes(language)) return notGraded(`this exercise has no ${language} track`);
  // A runner that must not serve a second student is made for this one and ends with it.
  const own = RUNNER_PER_SUBMISSION[language];
  if (own) await runners.ownRunners.take();
  const host = own ? newHost(language) : sharedHost(language, runners.shared);
  const recorder = recordingRuns(host);
  let steps: StepReport[];
  try {
    steps = (await checkSubmission(exercise, language, source, recorder.host)).steps;
  } catch (error) {
    return notGraded(`the runner failed: ${(error as Error).message}`);
  } finally {
    if (own) {
      host.dispose();
      runners.ownRunners.give();
    }
  }
  const runs = recorder.runs();
  const marks = score(stepPoints(exercise.steps), steps);
  const graded = steps.map((step, index) => ({
    ...step,
    points: marks.earned[index]!,
    // An unmarked file runs as one cell: what it printed belongs to the whole file, shown once.
    output: (runs.length === steps.length ? runs[index]?.output : index === 0 ? runs[0]?.output : '')?.slice(0, OUTPUT_KEPT) ?? '',
  }));
  const status: GradeStatus = steps.every((step) => step.status === 'pass') ? 'pass' : 'incomplete';
  return { ...marked, status, score: marks.total, exercise: exercise.id, language, steps: graded, source };
}

/** The one place a submission's runner is made. */
function newHost(language: Language): RunnerHost {
  return new RunnerHost(nodeWorkerFactory(language, { spares: true }));
}

function sharedHost(language: Language, shared: Map<Language, RunnerHost>): RunnerHost {
  let host = shared.get(language);
  if (!host) shared.set(language, (host = newHost(language)));
  return host;
}

/** The host, seen through a wrapper that keeps the last runs, so the feedback can show printed output. */
function recordingRuns(host: RunnerHost): { host: RunnerHost; runs: () => StepRun[] } {
  let last: StepRun[] = [];
  const wrapper = Object.create(host) as RunnerHost;
  wrapper.run = async (...args: Parameters<RunnerHost['run']>) => (last = await host.run(...args));
  return { host: wrapper, runs: () => last };
}

function summarize(exercise: Exercise, submissions: GradedFile[], missing: number, maxScore: number): GradeResults['summary'] {
  const graded = submissions.filter((entry): entry is Extract<GradedFile, { steps: GradedStep[] }> => 'steps' in entry);
  const failures = new Map<string, number>();
  for (const entry of graded) {
    // Counted once per submission: an unmarked file repeats one message for every step.
    const first = entry.steps.flatMap((step, index) => (isFollowOn(entry.steps, index) ? [] : step.messages));
    for (const message of new Set(first)) failures.set(message, (failures.get(message) ?? 0) + 1);
  }
  // Every submission counts: one that could not be graded passes no step.
  const passRate = Object.fromEntries(
    exercise.steps.map((step, index) => [
      step.id,
      submissions.length === 0 ? 0 : Math.round((graded.filter((entry) => entry.steps[index]?.status === 'pass').length / submissions.length) * 1000) / 1000,
    ]),
  );
  return {
    submissions: submissions.length,
    graded: graded.length,
    notGraded: submissions.length - graded.length,
    allStepsPass: graded.filter((entry) => entry.status === 'pass').length,
    missing,
    maxScore,
    passRate,
    commonFailures: [...failures].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([message, count]) => ({ message, count })),
  };
}

/** results.json: everything but the students' source, which stays in their feedback files. */
export const resultsJson = (results: GradeResults): string => `${JSON.stringify(results, (key, value: unknown) => (key === 'source' ? undefined : value), 2)}\n`;
