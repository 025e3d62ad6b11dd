import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { judge } from '../lib/checker/judge.ts';
import { courseSchema, lessonSchema } from '../lib/content/schemas.ts';
import { embeddedIds, readFrontmatter } from '../lib/content/frontmatter.ts';
import { FILE_EXTENSIONS, type Exercise } from '../lib/exercise/exercise.ts';
import { foldersHolding } from '../lib/content/folders.ts';
import { loadExercise, MANIFEST_FILE } from '../lib/exercise/load.ts';
import { loadQuiz, QUIZ_FILE } from '../lib/quiz/load.ts';
import { RunnerHost } from '../lib/runner/host.ts';
import type { Language, StepSource } from '../lib/runner/protocol.ts';
import { AuthoringError, problemsFromZod, type AuthoringProblem } from '../lib/schema-errors.ts';
import { nodeWorkerFactory } from './node-runners.ts';

export interface ValidationSummary {
  problems: AuthoringProblem[];
  counted: { courses: number; lessons: number; exercises: number; quizzes: number };
}

/** The scaffold marks what an author must still write with this word. */
const PLACEHOLDER = 'TODO';

/**
 * Checks everything an instructor can break: schemas, links between lessons and exercises,
 * and that every reference solution passes (and every starter fails) its own checks in every
 * language it declares. Problems are collected, never thrown, so one run lists them all.
 */
export async function validateProject(root: string): Promise<ValidationSummary> {
  const problems: AuthoringProblem[] = [];
  const exercises = await validateExercises(root, problems);
  const quizzes = await validateQuizzes(root, problems);
  const known = { exercise: new Set(exercises.map((exercise) => exercise.id)), quiz: new Set(quizzes) };
  const { courses, lessons } = await validateLessons(root, known, problems);
  return { problems, counted: { courses, lessons, exercises: exercises.length, quizzes: quizzes.length } };
}

async function validateQuizzes(root: string, problems: AuthoringProblem[]): Promise<string[]> {
  const ids: string[] = [];
  for (const dir of await foldersHolding(path.join(root, 'exercises'), QUIZ_FILE)) {
    try {
      ids.push((await loadQuiz(dir, root)).id);
      problems.push(...(await placeholders(path.join(dir, QUIZ_FILE), root)));
    } catch (error) {
      if (!(error instanceof AuthoringError)) throw error;
      problems.push(...error.problems);
    }
  }
  return ids;
}

async function validateExercises(root: string, problems: AuthoringProblem[]): Promise<Exercise[]> {
  const loaded: Exercise[] = [];
  for (const dir of await foldersHolding(path.join(root, 'exercises'), MANIFEST_FILE)) {
    try {
      const exercise = await loadExercise(dir, root);
      problems.push(...(await placeholders(path.join(dir, MANIFEST_FILE), root)));
      loaded.push(exercise);
    } catch (error) {
      if (!(error instanceof AuthoringError)) throw error;
      problems.push(...error.problems);
    }
  }
  const languages = [...new Set(loaded.flatMap((exercise) => exercise.languages))];
  await Promise.all(
    languages.map(async (language) => {
      const factory = nodeWorkerFactory(language);
      const using = loaded.filter((exercise) => exercise.languages.includes(language));
      if (!factory) {
        for (const exercise of using) problems.push({ file: `exercises/${exercise.id}/${MANIFEST_FILE}`, field: 'languages', reason: `no runner for ${language} is available to prove its solution` });
        return;
      }
      const host = new RunnerHost(factory);
      try {
        for (const exercise of using) problems.push(...(await proveExercise(exercise, language, host)));
      } finally {
        host.dispose();
      }
    }),
  );
  return loaded;
}

/** Runs the reference solution (every step must pass) and each starter (its step must not). */
async function proveExercise(exercise: Exercise, language: Language, host: RunnerHost): Promise<AuthoringProblem[]> {
  const problems: AuthoringProblem[] = [];
  const file = (kind: 'solution' | 'starter') => `exercises/${exercise.id}/${kind}.${FILE_EXTENSIONS[language]}`;
  const solution = exercise.steps.map((step) => step.code[language]!.solution);
  const run = (steps: StepSource[]) => host.run(steps);
  // Judged without the starters: a solution that equals its starter is a starter problem, reported below.
  const withoutStarters = { ...exercise, steps: exercise.steps.map((step) => ({ ...step, code: {} })) };
  const { reports } = await judge(withoutStarters, { language, steps: solution }, exercise.steps.length - 1, run);
  reports.forEach((report, index) => {
    if (report.status !== 'pass') {
      problems.push({ file: file('solution'), field: `Step ${index + 1}`, reason: `the reference solution does not pass its own check (${report.status}): ${report.messages.join(' ')}` });
    }
  });
  // Without the "not attempted" shortcut too: the question is whether doing nothing would pass.
  for (const [index, step] of exercise.steps.entries()) {
    const codes = [...solution.slice(0, index), step.code[language]!.starter];
    if ((await judge(withoutStarters, { language, steps: codes }, index, run)).reports[index]!.status === 'pass') {
      problems.push({ file: file('starter'), field: `Step ${index + 1}`, reason: 'the starter code already passes this step, so a student could pass by doing nothing' });
    }
  }
  return problems;
}

async function validateLessons(root: string, known: KnownIds, problems: AuthoringProblem[]): Promise<{ courses: number; lessons: number }> {
  const lessonsRoot = path.join(root, 'lessons');
  const courseDirs = (await readdir(lessonsRoot, { withFileTypes: true }).catch(() => [])).filter((entry) => entry.isDirectory());
  let lessons = 0;
  for (const course of courseDirs) {
    const dir = path.join(lessonsRoot, course.name);
    const courseFile = path.relative(root, path.join(dir, 'course.yaml'));
    const courseText = await readFile(path.join(dir, 'course.yaml'), 'utf8').catch(() => undefined);
    if (courseText === undefined) {
      problems.push({ file: courseFile, field: '', reason: 'missing: every course folder needs a course.yaml with title, summary and order' });
    } else {
      const parsed = courseSchema.safeParse(parseYaml(courseText));
      if (!parsed.success) problems.push(...problemsFromZod(courseFile, parsed.error));
      problems.push(...(await placeholders(path.join(dir, 'course.yaml'), root)));
    }
    for (const entry of await readdir(dir, { recursive: true })) {
      if (!entry.endsWith('.mdx')) continue;
      lessons += 1;
      problems.push(...(await validateLesson(root, path.join(dir, entry), known)));
    }
  }
  return { courses: courseDirs.length, lessons };
}

type KnownIds = Record<'exercise' | 'quiz', Set<string>>;

/** What a lesson can embed: the component, its frontmatter field and where its ids live. */
const EMBEDS = [
  { component: 'Exercise', field: 'exercise', folder: 'exercises/' },
  { component: 'Quiz', field: 'quiz', folder: 'exercises/ (as quiz.yaml)' },
] as const;

async function validateLesson(root: string, fullPath: string, known: KnownIds): Promise<AuthoringProblem[]> {
  const file = path.relative(root, fullPath);
  const text = await readFile(fullPath, 'utf8');
  const split = readFrontmatter(text);
  if ('error' in split) return [{ file, field: 'frontmatter', reason: split.error }];
  const parsed = lessonSchema.safeParse(split.data);
  if (!parsed.success) return problemsFromZod(file, parsed.error);
  const problems: AuthoringProblem[] = [];
  for (const { component, field, folder } of EMBEDS) {
    const ids = known[field];
    const embedded = embeddedIds(split.body, component);
    for (const id of embedded) {
      if (!ids.has(id)) problems.push({ file, field: `<${component}>`, reason: `embeds ${field} "${id}", which is not in ${folder}` });
    }
    const declared = parsed.data[field];
    if (declared && !ids.has(declared)) problems.push({ file, field, reason: `names ${field} "${declared}", which is not in ${folder}` });
    if (declared && ids.has(declared) && !embedded.includes(declared)) problems.push({ file, field, reason: `names ${field} "${declared}" but the page does not embed it with <${component} id="${declared}" />` });
    if (!declared && embedded.length > 0) problems.push({ file, field, reason: `the page embeds "${embedded[0]}"; name it in the frontmatter too, so the home page can show progress` });
  }
  if (text.includes(PLACEHOLDER)) problems.push({ file, field: '', reason: `still contains ${PLACEHOLDER} placeholders from the scaffold` });
  return problems;
}

/** Fields of a YAML file whose text still holds a scaffold placeholder. */
async function placeholders(fullPath: string, root: string): Promise<AuthoringProblem[]> {
  const found: AuthoringProblem[] = [];
  const walk = (value: unknown, field: string[]): void => {
    if (typeof value === 'string' && value.includes(PLACEHOLDER)) found.push({ file: path.relative(root, fullPath), field: field.join('.'), reason: `still holds a ${PLACEHOLDER} placeholder from the scaffold` });
    else if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...field, String(index + 1)]));
    else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...field, key]);
  };
  walk(parseYaml(await readFile(fullPath, 'utf8')), []);
  return found;
}
