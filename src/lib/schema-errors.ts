import type { z } from 'astro/zod';
import { didYouMean } from './checker/text-similarity.ts';

/**
 * An authoring mistake in a content file, reported as `file: field: reason` so the author
 * can jump straight to it (the shape Starlight uses for its config errors).
 */
export interface AuthoringProblem {
  file: string;
  field: string;
  reason: string;
}

export const formatProblem = ({ file, field, reason }: AuthoringProblem): string =>
  `${file}: ${field || '(file)'}: ${reason}`;

/** Thrown when content files are broken; its message lists every problem, one per line. */
export class AuthoringError extends Error {
  readonly problems: AuthoringProblem[];

  constructor(problems: AuthoringProblem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in content files:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'AuthoringError';
    this.problems = problems;
  }
}

/** Dotted path of a schema issue, with list positions counted from 1 as authors count them. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `${part + 1}` : String(part))).join('.');
}

interface SchemaDef {
  type?: string;
  shape?: Record<string, { _zod?: { def?: SchemaDef } }>;
  element?: { _zod?: { def?: SchemaDef } };
  innerType?: { _zod?: { def?: SchemaDef } };
  in?: { _zod?: { def?: SchemaDef } };
}

/** The field names the schema allows at a path of the data, for "did you mean" on a typo. */
export function fieldNamesAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let def = (schema as { _zod?: { def?: SchemaDef } })._zod?.def;
  const unwrap = () => {
    while (def && (def.innerType || def.in) && def.type !== 'object' && def.type !== 'array') def = (def.innerType ?? def.in)?._zod?.def;
  };
  for (const part of path) {
    unwrap();
    if (def?.type === 'array' && typeof part === 'number') def = def.element?._zod?.def;
    else if (def?.type === 'object' && typeof part === 'string') def = def.shape?.[part]?._zod?.def;
    else return [];
  }
  unwrap();
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/**
 * One problem per schema issue; unknown keys are named, since a typo is the usual cause, with
 * the field the author most likely meant when `schema` is given.
 */
export function problemsFromZod(file: string, error: z.ZodError, schema?: z.ZodType): AuthoringProblem[] {
  /** Fields a misspelt key most likely meant: their own "is required" would only repeat the typo. */
  const meant = new Set<string>();
  const problems = error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const known = schema ? fieldNamesAt(schema, issue.path) : [];
      return issue.keys.map((key) => {
        const [suggestion] = didYouMean(key, known);
        if (suggestion) meant.add(fieldPath([...issue.path, suggestion]));
        return {
          file,
          field: fieldPath([...issue.path, key]),
          reason: suggestion ? `unknown field; did you mean "${suggestion}"?` : `unknown field (check its spelling${known.length ? `; known here: ${known.join(', ')}` : ''})`,
        };
      });
    }
    // Zod words an absent field as a type mismatch with undefined; authors think "missing".
    const reason = issue.code === 'invalid_type' && / received undefined$/.test(issue.message) ? 'is required' : issue.message;
    return [{ file, field: fieldPath(issue.path), reason }];
  });
  return problems.filter((problem) => !(problem.reason === 'is required' && meant.has(problem.field)));
}
