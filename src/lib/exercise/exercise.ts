import type { Language, PlainValue } from '../runner/protocol.ts';
import type { ExerciseManifest, StepSpec } from './schema.ts';

/** A step as pages, the checker and the CLI use it: the manifest plus its code and expected values. */
export interface ExerciseStep extends Omit<StepSpec, 'generalizes'> {
  code: Partial<Record<Language, { starter: string; solution: string }>>;
  /** Values of the step's names after the reference solution ran steps 1..N. */
  expected: Record<string, PlainValue>;
  /** Whether the step is run again on the exercise's variants (see the manifest's `generalizes`). */
  generalizes: boolean;
  /** For each variant, in order: the step's values after the reference ran on that variant's data. */
  variantExpected: Record<string, PlainValue>[];
}

export interface Exercise extends Omit<ExerciseManifest, 'steps'> {
  steps: ExerciseStep[];
}

export const FILE_EXTENSIONS: Record<Language, string> = { python: 'py', javascript: 'js' };

export function languageOfFile(file: string): Language | undefined {
  const extension = file.split('.').pop();
  return (Object.keys(FILE_EXTENSIONS) as Language[]).find((language) => FILE_EXTENSIONS[language] === extension);
}
