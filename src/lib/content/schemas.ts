import { z } from 'astro/zod';

/** `lessons/<course>/course.yaml`. */
export const courseSchema = z.strictObject({
  title: z.string().min(1),
  summary: z.string().min(1),
  order: z.number().int().positive(),
});

/**
 * Frontmatter of `lessons/<course>/<page>.mdx`. The build swaps `exercise` for a checked
 * reference to the exercises collection; the CLI checks the same link by hand.
 */
export const lessonSchema = z.strictObject({
  title: z.string().min(1),
  summary: z.string().min(1),
  /** Position within the course. */
  order: z.number().int().positive(),
  /** Estimated time to complete, in minutes. */
  minutes: z.number().int().positive(),
  /** The exercise the page embeds, so the home page can show its progress. */
  exercise: z.string().optional(),
});
