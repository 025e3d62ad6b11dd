import type { Language } from '../runner/protocol.ts';

/**
 * Everything a student's browser remembers, under one key. Exercises and quizzes share this
 * store so that the home page reads progress from a single place; what the numbers mean
 * (done, counted steps) is decided once, in `exercise-state.ts`.
 *
 * The data comes from a previous visit, possibly by an older Stepwise or a curious student
 * with devtools, so it is read defensively: anything that does not have the expected shape
 * is dropped piece by piece rather than breaking the page. (A schema library would do the
 * same, but this runs on every lesson page and must stay tiny.)
 */
export const PROGRESS_KEY = 'stepwise:progress:v1';

export type StepStatus = 'passed' | 'solved-with-help';

/** One step, kept apart per language: passing in Python says nothing about the JavaScript. */
export interface StepProgress {
  code: Partial<Record<Language, string>>;
  status: Partial<Record<Language, StepStatus>>;
  hintsShown: Partial<Record<Language, number>>;
}

export interface ExerciseProgress {
  /** The language the student last chose. */
  language?: Language;
  steps: Record<string, StepProgress>;
}

export interface QuizProgress {
  /** Best score so far, as correct answers out of total questions. */
  best?: { score: number; total: number };
  attempts: number;
}

export interface Progress {
  version: 2;
  exercises: Record<string, ExerciseProgress>;
  quizzes: Record<string, QuizProgress>;
  /** Pages without an exercise or quiz that the student marked as read, by lesson id. */
  readPages?: Record<string, true>;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

const emptyProgress = (): Progress => ({ version: 2, exercises: {}, quizzes: {} });
export const emptyStep = (): StepProgress => ({ code: {}, status: {}, hintsShown: {} });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isLanguage = (value: unknown): value is Language => value === 'python' || value === 'javascript';
const isStatus = (value: unknown): value is StepStatus => value === 'passed' || value === 'solved-with-help';
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

function readPerLanguage<T>(raw: unknown, valid: (value: unknown) => value is T): Partial<Record<Language, T>> {
  const result: Partial<Record<Language, T>> = {};
  if (!isRecord(raw)) return result;
  for (const [language, value] of Object.entries(raw)) {
    if (isLanguage(language) && valid(value)) result[language] = value;
  }
  return result;
}

const isString = (value: unknown): value is string => typeof value === 'string';

function readStep(raw: unknown, version: 1 | 2, lastLanguage: Language | undefined): StepProgress | undefined {
  if (!isRecord(raw)) return undefined;
  const step: StepProgress = { code: readPerLanguage(raw.code, isString), status: {}, hintsShown: {} };
  if (version === 2) {
    step.status = readPerLanguage(raw.status, isStatus);
    step.hintsShown = readPerLanguage(raw.hintsShown, isCount);
    return step;
  }
  // Version 1 kept one status for all languages. A pass needs code other than the starter, so
  // the language holding saved code earned it; with code in both, the one last chosen.
  const edited = Object.keys(step.code) as Language[];
  const earnedIn = edited.length === 1 ? edited[0] : lastLanguage && edited.includes(lastLanguage) ? lastLanguage : undefined;
  if (earnedIn && isStatus(raw.status)) step.status[earnedIn] = raw.status;
  if (earnedIn && isCount(raw.hintsShown)) step.hintsShown[earnedIn] = raw.hintsShown;
  return step;
}

function readExercise(raw: unknown, version: 1 | 2): ExerciseProgress | undefined {
  if (!isRecord(raw)) return undefined;
  const exercise: ExerciseProgress = { steps: {} };
  if (isLanguage(raw.language)) exercise.language = raw.language;
  if (isRecord(raw.steps)) {
    for (const [id, value] of Object.entries(raw.steps)) {
      const step = readStep(value, version, exercise.language);
      if (step) exercise.steps[id] = step;
    }
  }
  return exercise;
}

function readQuiz(raw: unknown): QuizProgress | undefined {
  if (!isRecord(raw)) return undefined;
  const quiz: QuizProgress = { attempts: isCount(raw.attempts) ? raw.attempts : 0 };
  const best = raw.best;
  if (isRecord(best) && isCount(best.score) && isCount(best.total) && best.total > 0 && best.score <= best.total) {
    quiz.best = { score: best.score, total: best.total };
  }
  return quiz;
}

/** Parses stored progress (version 1 is carried over); returns empty progress for missing or corrupted data. */
export function parseProgress(text: string | null): Progress {
  if (!text) return emptyProgress();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return emptyProgress();
  }
  if (!isRecord(raw) || (raw.version !== 1 && raw.version !== 2)) return emptyProgress();
  const version = raw.version;
  const progress = emptyProgress();
  if (isRecord(raw.exercises)) {
    for (const [id, value] of Object.entries(raw.exercises)) {
      const exercise = readExercise(value, version);
      if (exercise) progress.exercises[id] = exercise;
    }
  }
  if (isRecord(raw.quizzes)) {
    for (const [id, value] of Object.entries(raw.quizzes)) {
      const quiz = readQuiz(value);
      if (quiz) progress.quizzes[id] = quiz;
    }
  }
  if (isRecord(raw.readPages)) {
    for (const [id, value] of Object.entries(raw.readPages)) if (value === true) (progress.readPages ??= {})[id] = true;
  }
  return progress;
}

/** Reads and writes {@link Progress}; a storage that throws (private mode, full quota) degrades to memory. */
export class ProgressStore {
  private progress: Progress;
  private readonly storage: StorageLike | undefined;

  constructor(storage: StorageLike | undefined) {
    this.storage = storage;
    let text: string | null = null;
    try {
      text = storage?.getItem(PROGRESS_KEY) ?? null;
    } catch {
      text = null;
    }
    this.progress = parseProgress(text);
  }

  exercise(id: string): ExerciseProgress {
    return this.progress.exercises[id] ?? { steps: {} };
  }

  quiz(id: string): QuizProgress {
    return this.progress.quizzes[id] ?? { attempts: 0 };
  }

  pageRead(id: string): boolean {
    return this.progress.readPages?.[id] === true;
  }

  markPageRead(id: string, read: boolean): void {
    if (read) (this.progress.readPages ??= {})[id] = true;
    else delete this.progress.readPages?.[id];
    this.save();
  }

  updateExercise(id: string, change: (exercise: ExerciseProgress) => void): void {
    const exercise = (this.progress.exercises[id] ??= { steps: {} });
    change(exercise);
    this.save();
  }

  updateStep(exerciseId: string, stepId: string, change: (step: StepProgress) => void): void {
    this.updateExercise(exerciseId, (exercise) => change((exercise.steps[stepId] ??= emptyStep())));
  }

  updateQuiz(id: string, change: (quiz: QuizProgress) => void): void {
    change((this.progress.quizzes[id] ??= { attempts: 0 }));
    this.save();
  }

  private save(): void {
    try {
      this.storage?.setItem(PROGRESS_KEY, JSON.stringify(this.progress));
    } catch {
      // Full or blocked storage: keep working from memory for this visit.
    }
  }
}

/** The store of this browser tab; `undefined` storage where the browser refuses access. */
export function browserProgressStore(): ProgressStore {
  let storage: Storage | undefined;
  try {
    storage = window.localStorage;
  } catch {
    storage = undefined;
  }
  return new ProgressStore(storage);
}
