import type { Language } from '../runner/protocol.ts';

/**
 * Everything a student's browser remembers, under one versioned key. Exercises and quizzes
 * share this store so that the home page reads progress from a single place.
 *
 * The data comes from a previous visit, possibly by an older Stepwise or a curious student
 * with devtools, so it is read defensively: anything that does not have the expected shape
 * is dropped piece by piece rather than breaking the page. (A schema library would do the
 * same, but this runs on every lesson page and must stay tiny.)
 */
export const PROGRESS_KEY = 'stepwise:progress:v1';

export type StepStatus = 'passed' | 'solved-with-help';

export interface StepProgress {
  code: Partial<Record<Language, string>>;
  status?: StepStatus;
  hintsShown?: number;
}

export interface ExerciseProgress {
  language?: Language;
  steps: Record<string, StepProgress>;
}

export interface QuizProgress {
  /** Best score so far, as correct answers out of total questions. */
  best?: { score: number; total: number };
  attempts: number;
}

export interface Progress {
  version: 1;
  exercises: Record<string, ExerciseProgress>;
  quizzes: Record<string, QuizProgress>;
  /** Pages without an exercise or quiz that the student marked as read, by lesson id. */
  readPages?: Record<string, true>;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

const emptyProgress = (): Progress => ({ version: 1, exercises: {}, quizzes: {} });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isLanguage = (value: unknown): value is Language => value === 'python' || value === 'javascript';
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

function readStep(raw: unknown): StepProgress | undefined {
  if (!isRecord(raw)) return undefined;
  const step: StepProgress = { code: {} };
  if (isRecord(raw.code)) {
    for (const [language, code] of Object.entries(raw.code)) {
      if (isLanguage(language) && typeof code === 'string') step.code[language] = code;
    }
  }
  if (raw.status === 'passed' || raw.status === 'solved-with-help') step.status = raw.status;
  if (isCount(raw.hintsShown)) step.hintsShown = raw.hintsShown;
  return step;
}

function readExercise(raw: unknown): ExerciseProgress | undefined {
  if (!isRecord(raw)) return undefined;
  const exercise: ExerciseProgress = { steps: {} };
  if (isLanguage(raw.language)) exercise.language = raw.language;
  if (isRecord(raw.steps)) {
    for (const [id, value] of Object.entries(raw.steps)) {
      const step = readStep(value);
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

/** Parses stored progress; returns empty progress for missing, corrupted or older data. */
export function parseProgress(text: string | null): Progress {
  if (!text) return emptyProgress();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return emptyProgress();
  }
  if (!isRecord(raw) || raw.version !== 1) return emptyProgress();
  const progress = emptyProgress();
  for (const [kind, read] of [['exercises', readExercise], ['quizzes', readQuiz]] as const) {
    const entries = raw[kind];
    if (!isRecord(entries)) continue;
    for (const [id, value] of Object.entries(entries)) {
      const parsed = read(value);
      if (parsed) (progress[kind] as Record<string, unknown>)[id] = parsed;
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
    this.updateExercise(exerciseId, (exercise) => change((exercise.steps[stepId] ??= { code: {} })));
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
