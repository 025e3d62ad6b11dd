import { z } from 'astro/zod';
import { AuthoringError, problemsFromZod } from '../schema-errors.ts';

/**
 * A process taught one stage at a time (the Step-by-Step Execution mode): each stage says what
 * is done, from what, to what, and what the tracked things look like once it is done. The
 * stepper, its table and its diagram are all drawn from one of these, so they cannot disagree.
 */

const text = z.string().trim().min(1, 'must not be empty');

export const stageSchema = z.strictObject({
  /** A few words for the diagram's box. */
  label: text,
  /** What the marketer does at this stage: the table's "Action" column. */
  action: text,
  input: text,
  output: text,
  /** An example or remark shown beside the row. */
  note: text,
  /** The value of each tracked thing after this stage, keyed by the process's `tracked` names. */
  state: z.record(z.string(), text),
});

export const processSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens'),
    title: text,
    /** The things whose state the tracker follows, e.g. Audience and Messages. */
    tracked: z.array(text).min(1, 'needs at least one tracked name'),
    /** The state before the first stage. */
    start: z.record(z.string(), text),
    stages: z.array(stageSchema).min(2, 'needs at least two stages'),
    /** The stage (numbered from 1) the last stage sends the process back to, if it loops. */
    loopsBackTo: z.number().int().positive().optional(),
  })
  .superRefine((process, ctx) => {
    const expectKeys = (state: Record<string, string>, path: (string | number)[]) => {
      for (const name of process.tracked) {
        if (!(name in state)) ctx.addIssue({ code: 'custom', path, message: `has no value for tracked name "${name}"` });
      }
      for (const key of Object.keys(state)) {
        if (!process.tracked.includes(key)) ctx.addIssue({ code: 'custom', path: [...path, key], message: `is not one of the tracked names (${process.tracked.join(', ')})` });
      }
    };
    expectKeys(process.start, ['start']);
    process.stages.forEach((stage, index) => expectKeys(stage.state, ['stages', index, 'state']));
    if (process.loopsBackTo !== undefined && process.loopsBackTo >= process.stages.length) {
      ctx.addIssue({ code: 'custom', path: ['loopsBackTo'], message: `must name a stage before the last one (1 to ${process.stages.length - 1})` });
    }
  });

export type Process = z.infer<typeof processSchema>;
export type Stage = z.infer<typeof stageSchema>;

/**
 * Checks a process written as a module and returns it typed; a mistake fails the build with
 * one `file: field: reason` line per problem, as every other content file does.
 */
export function defineProcess(raw: Process, file: string): Process {
  const parsed = processSchema.safeParse(raw);
  if (!parsed.success) throw new AuthoringError(problemsFromZod(file, parsed.error));
  return parsed.data;
}
