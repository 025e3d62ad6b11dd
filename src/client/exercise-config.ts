import type { ExerciseStep } from '../lib/exercise/exercise.ts';
import type { Language } from '../lib/runner/protocol.ts';

/** What the page hands its script about an exercise (serialized as JSON in the HTML). */
export interface ExerciseConfig {
  id: string;
  languages: Language[];
  steps: (Pick<ExerciseStep, 'id' | 'defines' | 'requires' | 'expected' | 'code'> & {
    /** Hints as HTML, per language. */
    hints: Partial<Record<Language, string[]>>;
  })[];
}
