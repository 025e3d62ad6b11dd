import type { z } from 'astro/zod';

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

/** One problem per schema issue; unknown keys are named, since a typo is the usual cause. */
export function problemsFromZod(file: string, error: z.ZodError): AuthoringProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file,
        field: fieldPath([...issue.path, key]),
        reason: 'unknown field (check its spelling)',
      }));
    }
    // Zod words an absent field as a type mismatch with undefined; authors think "missing".
    const reason = issue.code === 'invalid_type' && / received undefined$/.test(issue.message) ? 'is required' : issue.message;
    return [{ file, field: fieldPath(issue.path), reason }];
  });
}
