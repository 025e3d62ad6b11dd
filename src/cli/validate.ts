import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { judge } from '../lib/checker/judge.ts';
import { courseSchema, lessonSchema } from '../lib/content/schemas.ts';
import { embeddedIds, readFrontmatter } from '../lib/content/frontmatter.ts';
import { FILE_EXTENSIONS, type Exercise } from '../lib/exercise/exercise.ts';
import { inLanguage } from '../lib/exercise/schema.ts';
import { foldersHolding } from '../lib/content/folders.ts';
import { loadExercise, MANIFEST_FILE, readYamlFile } from '../lib/exercise/load.ts';
import { didYouMean } from '../lib/checker/text-similarity.ts';
import { mdxToJs } from 'satteri';
import { lessonLinkProblems } from '../lib/quiz/lesson-links.ts';
import { deckProblems } from '../lib/flashcards/load.ts';
import { loadQuiz, QUIZ_FILE } from '../lib/quiz/load.ts';
import type { Quiz } from '../lib/quiz/schema.ts';
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
  // Ids are the folders, loaded or not: an exercise with a broken manifest is reported once,
  // not again by every lesson that embeds it.
  const folderIds = async (marker: string) => (await foldersHolding(path.join(root, 'exercises'), marker)).map((dir) => path.basename(dir));
  const known = { exercise: new Set(await folderIds(MANIFEST_FILE)), quiz: new Set(await folderIds(QUIZ_FILE)) };
  const { courses, lessons, lessonIds } = await validateLessons(root, known, problems);
  for (const quiz of quizzes) problems.push(...lessonLinkProblems(quiz, `exercises/${quiz.id}/${QUIZ_FILE}`, lessonIds));
  problems.push(...(await deckProblems(root)));
  return { problems, counted: { courses, lessons, exercises: exercises.length, quizzes: quizzes.length } };
}

async function validateQuizzes(root: string, problems: AuthoringProblem[]): Promise<Quiz[]> {
  const quizzes: Quiz[] = [];
  for (const dir of await foldersHolding(path.join(root, 'exercises'), QUIZ_FILE)) {
    try {
      quizzes.push(await loadQuiz(dir, root));
      problems.push(...(await placeholders(path.join(dir, QUIZ_FILE), root)));
    } catch (error) {
      if (!(error instanceof AuthoringError)) throw error;
      problems.push(...error.problems);
    }
  }
  return quizzes;
}

async function validateExercises(root: string, problems: AuthoringProblem[]): Promise<Exercise[]> {
  const loaded: Exercise[] = [];
  for (const dir of await foldersHolding(path.join(root, 'exercises'), MANIFEST_FILE)) {
    try {
      const exercise = await loadExercise(dir, root);
      problems.push(...(await placeholders(path.join(dir, MANIFEST_FILE), root)), ...typeWordProblems(exercise, root));
      loaded.push(exercise);
    } catch (error) {
      if (!(error instanceof AuthoringError)) throw error;
      problems.push(...error.problems);
    }
  }
  const languages = [...new Set(loaded.flatMap((exercise) => exercise.languages))];
  const proven = await Promise.all(
    languages.map(async (language) => {
      const using = loaded.filter((exercise) => exercise.languages.includes(language));
      const host = new RunnerHost(nodeWorkerFactory(language));
      const found: AuthoringProblem[] = [];
      try {
        for (const exercise of using) found.push(...(await proveExercise(exercise, language, host)));
      } finally {
        host.dispose();
      }
      return found;
    }),
  );
  // The languages are proved side by side: listed by file, not by which finished first, so that
  // the same content always gives the same report (a stable sort keeps each file's steps in order).
  problems.push(...proven.flat().sort((a, b) => a.file.localeCompare(b.file)));
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
      // Expected values come from solution.js, so another language's failure is a disagreement between two files.
      const reason = language === 'javascript' ? 'the reference solution does not pass its own check' : `the reference solution disagrees with exercises/${exercise.id}/solution.js, which sets the expected values`;
      problems.push({ file: file('solution'), field: `Step ${index + 1}`, reason: `${reason} (${report.status}): ${report.messages.join(' ')}` });
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

async function validateLessons(root: string, known: KnownIds, problems: AuthoringProblem[]): Promise<{ courses: number; lessons: number; lessonIds: Set<string> }> {
  const lessonsRoot = path.join(root, 'lessons');
  const courseDirs = (await readdir(lessonsRoot, { withFileTypes: true }).catch(() => [])).filter((entry) => entry.isDirectory());
  let lessons = 0;
  const lessonIds = new Set<string>();
  for (const course of courseDirs) {
    const dir = path.join(lessonsRoot, course.name);
    const courseFile = path.relative(root, path.join(dir, 'course.yaml'));
    const courseText = await readFile(path.join(dir, 'course.yaml'), 'utf8').catch(() => undefined);
    if (courseText === undefined) {
      problems.push({ file: courseFile, field: '', reason: 'missing: every course folder needs a course.yaml with title, summary and order' });
    } else {
      try {
        const parsed = courseSchema.safeParse(await readYamlFile(path.join(dir, 'course.yaml'), courseFile));
        if (!parsed.success) problems.push(...problemsFromZod(courseFile, parsed.error, courseSchema));
        problems.push(...(await placeholders(path.join(dir, 'course.yaml'), root)));
      } catch (error) {
        if (!(error instanceof AuthoringError)) throw error;
        problems.push(...error.problems);
      }
    }
    const orders = new Map<number, string>();
    for (const entry of (await readdir(dir, { recursive: true })).sort()) {
      if (!entry.endsWith('.mdx')) continue;
      lessons += 1;
      lessonIds.add(`${course.name}/${entry.slice(0, -'.mdx'.length).split(path.sep).join('/')}`);
      const { problems: found, order } = await validateLesson(root, path.join(dir, entry), known);
      problems.push(...found);
      const file = path.relative(root, path.join(dir, entry));
      if (order !== undefined && orders.has(order)) problems.push({ file, field: 'order', reason: `${order} is also the order of ${orders.get(order)}; give each lesson of a course its own place` });
      else if (order !== undefined) orders.set(order, file);
    }
  }
  return { courses: courseDirs.length, lessons, lessonIds };
}

type KnownIds = Record<'exercise' | 'quiz', Set<string>>;

/** What a lesson can embed: the component, its frontmatter field and where its ids live. */
const EMBEDS = [
  { component: 'Exercise', field: 'exercise', folder: 'exercises/' },
  { component: 'Quiz', field: 'quiz', folder: 'exercises/ (as quiz.yaml)' },
] as const;

async function validateLesson(root: string, fullPath: string, known: KnownIds): Promise<{ problems: AuthoringProblem[]; order?: number }> {
  const file = path.relative(root, fullPath);
  const text = await readFile(fullPath, 'utf8');
  const split = readFrontmatter(text);
  if ('error' in split) return { problems: [{ file, field: split.line ? `line ${split.line}` : 'frontmatter', reason: split.error }] };
  const syntax = mdxSyntaxProblem(file, text);
  if (syntax) return { problems: [syntax] };
  const parsed = lessonSchema.safeParse(split.data);
  if (!parsed.success) return { problems: problemsFromZod(file, parsed.error, lessonSchema) };
  const problems: AuthoringProblem[] = [];
  for (const { component, field, folder } of EMBEDS) {
    const ids = known[field];
    const embedded = embeddedIds(split.body, component);
    for (const id of embedded) {
      if (!ids.has(id)) {
        const [suggestion] = didYouMean(id, [...ids]);
        problems.push({ file, field: `<${component}>`, reason: `embeds ${field} "${id}", which is not in ${folder}${suggestion ? `; did you mean "${suggestion}"?` : ''}` });
      }
    }
    const declared = parsed.data[field];
    if (declared && !ids.has(declared)) problems.push({ file, field, reason: `names ${field} "${declared}", which is not in ${folder}` });
    if (declared && ids.has(declared) && !embedded.includes(declared)) problems.push({ file, field, reason: `names ${field} "${declared}" but the page does not embed it with <${component} id="${declared}" />` });
    if (!declared && embedded.length > 0) problems.push({ file, field, reason: `the page embeds "${embedded[0]}"; name it in the frontmatter too, so the home page can show progress` });
  }
  if (text.includes(PLACEHOLDER)) problems.push({ file, field: '', reason: `still contains ${PLACEHOLDER} placeholders from the scaffold` });
  return { problems, order: parsed.data.order };
}

/**
 * The lesson compiled by the MDX compiler Astro's build uses, so that a syntax error (an
 * unclosed `<Exercise>`) is found here with its line instead of failing the build.
 */
function mdxSyntaxProblem(file: string, text: string): AuthoringProblem | undefined {
  try {
    mdxToJs(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const match = /^(\d+):\d+: (.*?)(?: \(\d+:\d+\))?(?: \([\w:-]+\))?$/s.exec(message);
    return match ? { file, field: `line ${match[1]}`, reason: `MDX cannot read this: ${match[2]}` } : { file, field: '', reason: `MDX cannot read this file: ${message}` };
  }
}

/** The type words a `should` text may use; any other `{word}` would reach students as written. */
const TYPE_WORDS = ['list', 'dict', 'str'];

/**
 * `{lst}` and the like in `should` texts (code spans aside), and any `{word}` in instructions and
 * hints, which are written per language and shown as they stand.
 */
function typeWordProblems(exercise: Exercise, root: string): AuthoringProblem[] {
  const file = path.relative(root, path.join(root, 'exercises', exercise.id, MANIFEST_FILE));
  const problems: AuthoringProblem[] = [];
  const scan = (text: string, field: string, typeWords = false) => {
    for (const [, word] of text.replace(/`[^`]*`/g, '').matchAll(/\{([A-Za-z_]+)\}/g)) {
      if (!typeWords) {
        problems.push({ file, field, reason: `{${word}} would be shown as written: instructions and hints are per language, so write the language's own word` });
        continue;
      }
      if (TYPE_WORDS.includes(word!)) continue;
      const [suggestion] = didYouMean(word!, TYPE_WORDS);
      problems.push({ file, field, reason: `{${word}} is not a type word${suggestion ? `; did you mean {${suggestion}}?` : ''} (known: {list}, {dict}, {str})` });
    }
  };
  exercise.steps.forEach((step, index) => {
    for (const language of exercise.languages) {
      const where = typeof step.instructions === 'string' ? '' : `.${language}`;
      scan(inLanguage(step.instructions, language) ?? '', `steps.${index + 1}.instructions${where}`);
      (inLanguage(step.hints, language) ?? []).forEach((hint, h) => scan(hint, `steps.${index + 1}.hints${Array.isArray(step.hints) ? '' : `.${language}`}.${h + 1}`));
    }
    step.defines.forEach((defined, d) => scan(defined.should, `steps.${index + 1}.defines.${d + 1}.should`, true));
  });
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
