import type { ExerciseStep } from '../lib/exercise/exercise.ts';
import type { NotebookExercise } from '../lib/notebook/build-notebook.ts';
import type { Variant } from '../lib/exercise/schema.ts';
import type { Language } from '../lib/runner/protocol.ts';

/** What the page hands its script about an exercise (serialized as JSON in the HTML). */
export interface ExerciseConfig {
  id: string;
  languages: Language[];
  /** Other data the judge runs generalizing steps on (see the manifest's `variants`). */
  variants: Variant[];
  /** What "Download notebook" writes besides the student's code; absent without a Python track. */
  notebook?: Pick<NotebookExercise, 'title' | 'summary'> & { steps: Pick<ExerciseStep, 'title' | 'instructions'>[] };
  steps: (Pick<ExerciseStep, 'id' | 'defines' | 'requires' | 'expected' | 'generalizes' | 'variantExpected' | 'code'> & {
    /** Hints as HTML, per language. */
    hints: Partial<Record<Language, string[]>>;
  })[];
}
