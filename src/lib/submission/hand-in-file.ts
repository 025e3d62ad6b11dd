/**
 * The file a student downloads from an exercise page to hand in: the same format `stepwise
 * check` and `stepwise grade` read, so a teacher grades exactly what the page held.
 */
import { FILE_EXTENSIONS } from '../exercise/exercise.ts';
import type { Language } from '../runner/protocol.ts';

export interface HandInInput {
  exerciseId: string;
  language: Language;
  /** Each step's code, in step order. */
  codes: string[];
  /** What the student typed as their name; may be empty. */
  studentName: string;
  date: Date;
}

const COMMENT: Record<Language, string> = { python: '#', javascript: '//' };
/** Longest name kept in the header, so the field cannot be used to pad the file. */
const NAME_LIMIT = 100;

/** A name fit for a one-line comment: control characters and line breaks become spaces. */
export const oneLine = (text: string): string => text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, NAME_LIMIT);

export function handInFile({ exerciseId, language, codes, studentName, date }: HandInInput): { fileName: string; text: string } {
  const mark = COMMENT[language];
  const name = oneLine(studentName);
  const header = [
    `${mark} Stepwise hand-in for the exercise "${exerciseId}", saved ${date.toISOString().slice(0, 10)}.`,
    ...(name ? [`${mark} Student: ${name}`] : []),
    `${mark} Check it with: npx stepwise check ${exerciseId} ${exerciseId}.${FILE_EXTENSIONS[language]}`,
  ];
  const steps = codes.map((code, index) => `${mark} Step ${index + 1}\n${code.replace(/\r\n?/g, '\n').replace(/\s+$/, '')}\n`);
  return { fileName: `${exerciseId}.${FILE_EXTENSIONS[language]}`, text: `${header.join('\n')}\n\n${steps.join('\n')}` };
}
