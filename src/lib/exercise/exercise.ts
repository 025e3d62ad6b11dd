import type { Language, PlainValue } from '../runner/protocol.ts';
import type { ExerciseManifest, StepSpec } from './schema.ts';

/** A step as pages, the checker and the CLI use it: the manifest plus its code and expected values. */
export interface ExerciseStep extends StepSpec {
  code: Partial<Record<Language, { starter: string; solution: string }>>;
  /** Values of the step's names after the reference solution ran steps 1..N. */
  expected: Record<string, PlainValue>;
}

export interface Exercise extends Omit<ExerciseManifest, 'steps'> {
  steps: ExerciseStep[];
}

export const FILE_EXTENSIONS: Record<Language, string> = { python: 'py', javascript: 'js' };

export function languageOfFile(file: string): Language | undefined {
  const extension = file.split('.').pop();
  return (Object.keys(FILE_EXTENSIONS) as Language[]).find((language) => FILE_EXTENSIONS[language] === extension);
}
