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
    /**
     * Numbers, at the top or anywhere inside lists and mappings, count as equal when they differ
     * by at most this much, so a rate computed in another order (0.1 + 0.2 for 0.3) still passes.
     * Default: numbers must be exactly equal.
     */
    tolerance: z
      .number({ error: 'must be a number, such as 0.001' })
      .positive('must be greater than 0, such as 0.001')
      .optional(),
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
  /**
   * The starter code already holds this value: data the student works from, which the step
   * must leave as it is. It is compared like any name, but `requires: [loop]` does not apply to
   * it (given data is typed, not built), and a variant may replace it.
   */
  given: z.boolean({ error: 'must be true or false' }).default(false),
});

/**
 * Text a student reads, written once when every language reads the same, or once per language
 * (`python:` and `javascript:`) when the words or the code differ. Never patched by replacement.
 */
const perLanguage = <T extends z.ZodType>(value: T) =>
  z.union([value, z.strictObject({ python: value, javascript: value }).partial()], {
    // A missing field says so, like every other field (and a typo's "did you mean" then covers it).
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be the text itself, or one text per language under python: and javascript:'),
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
  /**
   * The step's values must follow from the data of earlier steps: it is run again on each of
   * the exercise's `variants` and compared with the reference run on the same data. Defaults
   * to true for a step that `requires: [loop]`.
   */
  generalizes: z.boolean().optional(),
  /** Marks the step is worth in `stepwise grade`, earned when it passes. */
  points: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative').default(1),
});

/** Other data for names of the first steps, on which later steps are run again (see `generalizes`). */
export const variantSchema = z.strictObject({
  /** Finishes "with …" in feedback, e.g. "other customers (shuffled, three more, new names)". */
  description: text,
  /** New values for names that earlier steps define, as plain data. */
  values: z.record(variableName, z.json(), { error: 'must map step names to data' }),
});

/**
 * When the page may show reference solutions: `always`, `never`, or `after YYYY-MM-DD` (UTC,
 * checked when the site is built). A withheld solution is left out of the built page entirely.
 */
export const solutionsSchema = textField()
  .refine((value) => value === 'always' || value === 'never' || /^after \d{4}-\d{2}-\d{2}$/.test(value), 'must be "always", "never" or "after YYYY-MM-DD"')
  .refine((value) => !value.startsWith('after ') || !Number.isNaN(Date.parse(value.slice(6))), 'names a date that does not exist')
  .default('always');

export const exerciseManifestSchema = z
  .strictObject({
    id: slug,
    title: text,
    summary: text,
    /** The first language is the default one. */
    languages: z.array(z.enum(LANGUAGES, { error: `must be one of: ${LANGUAGES.join(', ')}` })).min(1),
    steps: z.array(stepSchema).min(1, 'needs at least one step'),
    variants: z.array(variantSchema).default([]),
    solutions: solutionsSchema,
  })
  .superRefine((manifest, ctx) => {
    const seen = new Set<string>();
    manifest.steps.forEach((step, index) => {
      if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `duplicate step id "${step.id}"` });
      seen.add(step.id);
    });
    manifest.variants.forEach((variant, index) => {
      for (const name of Object.keys(variant.values)) {
        if (!manifest.steps.some((step) => step.defines.some((defined) => defined.name === name))) {
          ctx.addIssue({ code: 'custom', path: ['variants', index, 'values', name], message: 'no step defines this name' });
        }
      }
    });
    manifest.steps.forEach((step, index) => {
      if (step.generalizes === true && manifest.variants.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'generalizes'], message: 'needs at least one entry in variants to run the step on' });
      }
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
export type Variant = z.infer<typeof variantSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;
