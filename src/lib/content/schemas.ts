import { z } from 'astro/zod';

/** `lessons/<course>/course.yaml`. */
export const courseSchema = z.strictObject({
  title: z.string().min(1),
  summary: z.string().min(1),
  order: z.number().int().positive(),
});

/**
 * Frontmatter of `lessons/<course>/<page>.mdx`. The build swaps `exercise` and `quiz` for
 * checked references to their collections; the CLI checks the exercise link by hand.
 */
export const lessonSchema = z.strictObject({
  title: z.string().min(1),
  summary: z.string().min(1),
  /** Position within the course. */
  order: z.number().int().positive(),
  /** Estimated time to complete, in minutes. */
  minutes: z.number().int().positive(),
  /** The learning mode this page offers, as the course page names it ("Full Explanation"). */
  mode: z.string().min(1),
  /** How the student learns here: the course page groups and recommends pages by it. */
  kind: z.enum(['read', 'step', 'build', 'practise', 'test']),
  /** The exercise the page embeds, so the home page can show its progress. */
  exercise: z.string().optional(),
  /** The quiz the page embeds, so the home page can show its best score (a reference in the build too). */
  quiz: z.string().optional(),
});
