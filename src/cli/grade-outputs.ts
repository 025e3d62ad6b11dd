/** What `stepwise grade` writes besides results.json and the report: gradebook rows and feedback pages. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Exercise } from '../lib/exercise/exercise.ts';
import { feedbackFileName, renderFeedback } from '../lib/submission/feedback.ts';
import type { GradebookRow } from '../lib/submission/gradebook.ts';
import { score, stepPoints } from '../lib/submission/marks.ts';
import type { GradedFile, GradeResults } from './grade.ts';

export function gradebookColumns(exercise: Exercise) {
  return { title: exercise.title, stepIds: exercise.steps.map((step) => step.id), max: score(stepPoints(exercise.steps), []).max };
}

/** One gradebook row per submission and per roster student who handed in nothing. */
export function gradebookRows(exercise: Exercise, results: GradeResults): GradebookRow[] {
  const none = exercise.steps.map(() => 0);
  const firstProblem = (entry: GradedFile) => {
    if ('error' in entry) return `Not graded: ${entry.error}.`;
    const index = entry.steps.findIndex((step) => step.status !== 'pass');
    return index === -1 ? 'Every step passes.' : `Step ${index + 1}: ${entry.steps[index]!.messages[0] ?? entry.steps[index]!.status}`;
  };
  return [
    ...results.submissions.map((entry) => ({
      studentId: entry.studentId,
      name: entry.student,
      ...(entry.lmsId ? { lmsId: entry.lmsId } : {}),
      ...(entry.studentId !== entry.lmsId && entry.studentId !== entry.student ? { rosterId: entry.studentId } : {}),
      total: entry.score,
      earned: 'steps' in entry ? entry.steps.map((step) => step.points) : none,
      status: entry.status,
      note: firstProblem(entry),
    })),
    ...results.missing.map((entry) => ({ studentId: entry.studentId, name: entry.student, rosterId: entry.studentId, total: 0, earned: none, status: entry.status, note: 'No submission was found.' })),
  ];
}

export async function writeFeedback(exercise: Exercise, results: GradeResults, folder: string): Promise<number> {
  const taken = new Set<string>();
  const worth = stepPoints(exercise.steps);
  const date = new Date();
  for (const entry of results.submissions) {
    const page = renderFeedback({
      exerciseTitle: exercise.title,
      student: entry.student,
      file: entry.file,
      date,
      score: entry.score,
      maxScore: entry.maxScore,
      ...('error' in entry
        ? { error: entry.error, steps: [] }
        : {
            source: entry.source,
            steps: entry.steps.map((step, index) => ({ title: exercise.steps[index]!.title, status: step.status, messages: step.messages, points: step.points, worth: worth[index]!, output: step.output })),
          }),
    });
    await writeFile(path.join(folder, feedbackFileName(entry.studentId, taken)), page);
  }
  return results.submissions.length;
}
