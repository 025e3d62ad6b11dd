import type { AuthoringProblem } from '../schema-errors.ts';
import type { Quiz } from './schema.ts';

/**
 * A question's `lesson` names the page that teaches its idea, as `<course>/<page>`, so a
 * student who gets it wrong can be sent there and an author can prove every tested idea is
 * taught. In a test every question must name one; in any quiz, a named lesson must exist.
 *
 * @param lessons ids of the existing lessons, `<course>/<page>` (the lesson file's path under `lessons/` without `.mdx`)
 */
export function lessonLinkProblems(quiz: Quiz, file: string, lessons: ReadonlySet<string>): AuthoringProblem[] {
  const problems: AuthoringProblem[] = [];
  quiz.questions.forEach((question, index) => {
    const field = `questions.${index + 1} (${question.id}).lesson`;
    if (question.lesson === undefined) {
      if (quiz.mode === 'test') problems.push({ file, field, reason: 'is required in a test: name the lesson that teaches this question\'s idea, e.g. "segmentation-and-personalization/deep-dive"' });
    } else if (!lessons.has(question.lesson)) {
      problems.push({ file, field, reason: `names "${question.lesson}", which is not a lesson (no lessons/${question.lesson}.mdx)` });
    }
  });
  return problems;
}
