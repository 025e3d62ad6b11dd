import path from 'node:path';
import { readYamlFile } from '../exercise/load.ts';
import { AuthoringError, problemsFromZod, type AuthoringProblem } from '../schema-errors.ts';
import { quizSchema, type Quiz } from './schema.ts';

export const QUIZ_FILE = 'quiz.yaml';

/**
 * Adds the question's id to fields inside a question (`questions.3.options` becomes
 * `questions.3 (kpi-click-rate).options`): authors search their file for the id, not count
 * list items.
 */
export function nameQuestionFields(problems: AuthoringProblem[], raw: unknown): AuthoringProblem[] {
  const questions = typeof raw === 'object' && raw !== null ? (raw as { questions?: unknown }).questions : undefined;
  if (!Array.isArray(questions)) return problems;
  return problems.map((problem) => {
    const match = /^questions\.(\d+)(?=\.|$)/.exec(problem.field);
    if (!match) return problem;
    const id: unknown = questions[Number(match[1]) - 1]?.id;
    if (typeof id !== 'string' || id.trim() === '') return problem;
    return { ...problem, field: `questions.${match[1]} (${id.trim()})${problem.field.slice(match[0].length)}` };
  });
}

/** Validates a parsed quiz file; `file` is the name used in error messages. Throws {@link AuthoringError}. */
export function parseQuiz(raw: unknown, file: string, folderName?: string): Quiz {
  const parsed = quizSchema.safeParse(raw);
  if (!parsed.success) throw new AuthoringError(nameQuestionFields(problemsFromZod(file, parsed.error), raw));
  if (folderName !== undefined && parsed.data.id !== folderName) {
    throw new AuthoringError([{ file, field: 'id', reason: `must match its folder name "${folderName}"` }]);
  }
  return parsed.data;
}

/** Loads and validates `<dir>/quiz.yaml`. Throws {@link AuthoringError}. */
export async function loadQuiz(dir: string, projectRoot = process.cwd()): Promise<Quiz> {
  const file = path.relative(projectRoot, path.join(dir, QUIZ_FILE)) || QUIZ_FILE;
  return parseQuiz(await readYamlFile(path.join(dir, QUIZ_FILE), file), file, path.basename(dir));
}
