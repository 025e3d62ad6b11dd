/**
 * The gradebook file `grade --csv` writes: one row per student (roster students without a
 * submission included), in the column layout a platform's grade import reads.
 *
 * - `plain`: student_id, name, total, max, one column per step (its points), status.
 * - `canvas`: Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then
 *   the assignment's column, with a "Points Possible" row first. Canvas matches rows by ID
 *   (the Canvas user id in its download's file names) or by SIS User ID (the roster id).
 * - `moodle`: the columns of Moodle's grading worksheet (Identifier "Participant N", Full name,
 *   Grade, Maximum Grade, Feedback comments) plus ID number; the worksheet upload matches the
 *   Identifier, the gradebook's CSV import can map ID number and Grade instead.
 */
import { formatCsv } from './csv.ts';
import type { GradeStatus } from './marks.ts';

export const CSV_LAYOUTS = ['plain', 'canvas', 'moodle'] as const;
export type CsvLayout = (typeof CSV_LAYOUTS)[number];

export interface GradebookRow {
  /** The gradebook's id: the roster id, else the platform id, else the name from the download. */
  studentId: string;
  name: string;
  /** Canvas user id or Moodle participant id from the download, if it carried one. */
  lmsId?: string;
  /** The roster id, if the student is on the roster. */
  rosterId?: string;
  total: number;
  earned: number[];
  status: GradeStatus;
  /** One line for the feedback column: what to fix first, or why nothing was graded. */
  note: string;
}

export interface GradebookColumns {
  title: string;
  stepIds: string[];
  max: number;
}

export function formatGradebook(layout: CsvLayout, columns: GradebookColumns, rows: GradebookRow[]): string {
  if (layout === 'canvas') {
    const assignment = columns.title;
    return formatCsv([
      ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', assignment],
      ['    Points Possible', '', '', '', '', columns.max],
      ...rows.map((row) => [row.name, row.lmsId ?? '', row.rosterId ?? '', '', '', row.total]),
    ]);
  }
  if (layout === 'moodle') {
    return formatCsv([
      ['Identifier', 'Full name', 'ID number', 'Status', 'Grade', 'Maximum Grade', 'Feedback comments'],
      ...rows.map((row) => [row.lmsId ? `Participant ${row.lmsId}` : '', row.name, row.rosterId ?? '', row.status, row.total, columns.max, row.note]),
    ]);
  }
  return formatCsv([
    ['student_id', 'name', 'total', 'max', ...columns.stepIds, 'status'],
    ...rows.map((row) => [row.studentId, row.name, row.total, columns.max, ...row.earned, row.status]),
  ]);
}
