import { z } from 'astro/zod';
import { LANGUAGES, type Language } from '../runner/protocol.ts';

/** A string field whose error says whether it is absent or of the wrong type. */
export const textField = () => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') });

const slug = textField()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens, e.g. "group-customers"');

const variableName = textField()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a variable name valid in Python and JavaScript');

const text = textField().trim().min(1, 'must not be empty');

/** How a learner's value is compared with the reference value. */
export const comparisonSchema = z
  .strictObject({
    /** Lists must be in the reference order (top level and inside mappings). Default: any order. */
    ordered: z.boolean().default(false),
    /** For a list of records: the field that tells records apart, used to name them in feedback. */
    key: variableName.optional(),
  })
  .default({ ordered: false });

export const definedNameSchema = z.strictObject({
  name: variableName,
  /**
   * What the value should be, finishing "`name` should …". `{list}`, `{dict}` and `{str}`
   * become the words of the student's language (list/array, dict/object, str/string).
   */
  should: text,
  compare: comparisonSchema,
});

/**
 * Text a student reads, written once when every language reads the same, or once per language
 * (`python:` and `javascript:`) when the words or the code differ. Never patched by replacement.
 */
const perLanguage = <T extends z.ZodType>(value: T) =>
  z.union([value, z.strictObject({ python: value, javascript: value }).partial()], {
    error: 'must be the text itself, or one text per language under python: and javascript:',
  });

const hintList = z.array(text).min(1, 'needs at least one hint');

/** The form of {@link perLanguage} text for one language (`undefined` when that language has none). */
export function inLanguage<T>(value: T | Partial<Record<Language, T>>, language: Language): T | undefined {
  const isPerLanguage = typeof value === 'object' && value !== null && !Array.isArray(value);
  return isPerLanguage ? (value as Partial<Record<Language, T>>)[language] : (value as T);
}

export const stepSchema = z.strictObject({
  id: slug,
  title: text,
  /** Markdown. */
  instructions: perLanguage(text),
  /** Markdown, revealed one at a time. */
  hints: perLanguage(hintList),
  defines: z.array(definedNameSchema).min(1, 'must name at least one variable the step defines'),
  /** Constructs the step's code must use, checked on its syntax tree. */
  requires: z.array(z.enum(['loop'], { error: 'the only requirement known is "loop"' })).default([]),
});

export const exerciseManifestSchema = z
  .strictObject({
    id: slug,
    title: text,
    summary: text,
    /** The first language is the default one. */
    languages: z.array(z.enum(LANGUAGES, { error: `must be one of: ${LANGUAGES.join(', ')}` })).min(1),
    steps: z.array(stepSchema).min(1, 'needs at least one step'),
  })
  .superRefine((manifest, ctx) => {
    const seen = new Set<string>();
    manifest.steps.forEach((step, index) => {
      if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `duplicate step id "${step.id}"` });
      seen.add(step.id);
    });
    manifest.steps.forEach((step, index) => {
      for (const field of ['instructions', 'hints'] as const) {
        const missing = manifest.languages.filter((language) => inLanguage<unknown>(step[field], language) === undefined);
        if (missing.length > 0) ctx.addIssue({ code: 'custom', path: ['steps', index, field], message: `has no text for ${missing.join(', ')}` });
      }
    });
    if (new Set(manifest.languages).size !== manifest.languages.length) {
      ctx.addIssue({ code: 'custom', path: ['languages'], message: 'lists a language twice' });
    }
    if (!manifest.languages.includes('javascript')) {
      ctx.addIssue({ code: 'custom', path: ['languages'], message: 'must include javascript: expected values are computed from the JavaScript reference solution' });
    }
  });

export type ExerciseManifest = z.infer<typeof exerciseManifestSchema>;
export type StepSpec = z.infer<typeof stepSchema>;
export type DefinedName = z.infer<typeof definedNameSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;
