/**
 * Which entries of a class folder are whose submission. Learning platforms download a class
 * in one of a few shapes, and all are read here, from a listing (no file system access):
 *
 * - one file per student: `alice.py` (the file name, without its ending, names the student);
 * - Canvas: `smithjane_12345_67890_segments.py`, or `smithjane_late_12345_…` for a late one
 *   (a name key, the Canvas user id, the submission id, then the file name the student used);
 * - Moodle: a folder per student, `Jane Smith_12345_assignsubmission_file_/segments.py`
 *   (the full name, then the participant id);
 * - any other folder per student, named by the student.
 *
 * Every entry that is not graded is listed with the reason, so nothing vanishes silently.
 */
import { isSubmissionFile, extensionOf } from './read.ts';

export interface ListedEntry {
  /** Path relative to the class folder, with `/` between parts. */
  path: string;
  kind: 'file' | 'folder' | 'link' | 'other';
}

export interface Student {
  /** The name the platform used: the file or folder name, or Canvas's name key. */
  name: string;
  /** The platform's id for the student, when the download carries one (Canvas user id, Moodle participant id). */
  lmsId?: string;
  layout: 'file' | 'canvas' | 'moodle' | 'folder';
}

export interface FoundSubmission {
  /** The file graded, relative to the class folder; undefined when a student folder holds no code file. */
  file?: string;
  /** What identifies the submission in reports: the file, or the student's folder. */
  entry: string;
  student: Student;
}

export interface SkippedEntry {
  path: string;
  reason: string;
}

const CANVAS_FILE = /^([a-z][a-z0-9]*?)(?:_late)?_(\d+)_(\d+)_(.+)$/;
const MOODLE_FOLDER = /^(.+?)_(\d+)_assignsubmission_([a-z]+)_?$/;
const IGNORED = /^(?:\.|__MACOSX$|Thumbs\.db$|desktop\.ini$)/i;

export function studentOfFile(name: string): Student {
  const canvas = CANVAS_FILE.exec(name);
  if (canvas) return { name: canvas[1]!, lmsId: canvas[2]!, layout: 'canvas' };
  return { name: name.replace(/\.[^.]*$/, ''), layout: 'file' };
}

export function studentOfFolder(name: string): Student {
  const moodle = MOODLE_FOLDER.exec(name);
  if (moodle) return { name: moodle[1]!, lmsId: moodle[2]!, layout: 'moodle' };
  return { name, layout: 'folder' };
}

const LINK_REASON = 'a symbolic link, which is never followed';

/**
 * Sorts a listing into submissions and skipped entries. In a student's folder the file named
 * after the exercise wins, else the only code file; any other file there is skipped.
 */
export function discoverSubmissions(entries: ListedEntry[], exerciseId: string): { found: FoundSubmission[]; skipped: SkippedEntry[] } {
  const found: FoundSubmission[] = [];
  const skipped: SkippedEntry[] = [];
  const byFolder = new Map<string, ListedEntry[]>();
  const sorted = [...entries].sort((a, b) => a.path.localeCompare(b.path));
  for (const entry of sorted) {
    const parts = entry.path.split('/');
    const hidden = parts.findIndex((part) => IGNORED.test(part));
    if (hidden !== -1) {
      // Listed once, at the hidden entry itself, not again for what a hidden folder holds.
      if (hidden === parts.length - 1) skipped.push({ path: entry.path, reason: 'a hidden or system entry' });
      continue;
    }
    if (parts.length === 1) {
      if (entry.kind === 'folder') byFolder.set(entry.path, byFolder.get(entry.path) ?? []);
      else if (entry.kind === 'link') skipped.push({ path: entry.path, reason: LINK_REASON });
      else if (entry.kind === 'other') skipped.push({ path: entry.path, reason: 'not a regular file' });
      // A stray non-code file at the top is still a student's hand-in: it is graded as "not graded".
      else found.push({ file: entry.path, entry: entry.path, student: studentOfFile(entry.path) });
      continue;
    }
    const folder = parts[0]!;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), entry]);
  }
  // Moodle gives a student one folder per submission plugin (file, online text): one student.
  const byStudent = new Map<string, { folder: string; student: Student; inside: ListedEntry[] }>();
  for (const [folder, inside] of byFolder) {
    const student = studentOfFolder(folder);
    const key = student.layout === 'moodle' ? `moodle:${student.name}:${student.lmsId}` : `folder:${folder}`;
    const known = byStudent.get(key);
    if (known) known.inside.push(...inside);
    else byStudent.set(key, { folder, student, inside: [...inside] });
  }
  for (const { folder, student, inside } of byStudent.values()) {
    const files = inside.filter((entry) => entry.kind === 'file');
    for (const entry of inside) {
      if (entry.kind === 'link') skipped.push({ path: entry.path, reason: LINK_REASON });
      else if (entry.kind === 'other') skipped.push({ path: entry.path, reason: 'not a regular file' });
    }
    const code = files.filter((entry) => isSubmissionFile(entry.path));
    const base = (entry: ListedEntry) => entry.path.split('/').pop()!;
    const chosen = code.find((entry) => base(entry).replace(/\.[^.]*$/, '') === exerciseId) ?? code[0];
    for (const entry of files) {
      if (entry === chosen) continue;
      const reason = !isSubmissionFile(entry.path)
        ? `not a .py, .js or .ipynb file${extensionOf(entry.path) === 'html' && student.layout === 'moodle' ? ' (Moodle online text)' : ''}`
        : `another code file of the same student; ${chosen!.path} was graded`;
      skipped.push({ path: entry.path, reason });
    }
    found.push(chosen ? { file: chosen.path, entry: chosen.path, student } : { entry: `${folder}/`, student });
  }
  found.sort((a, b) => a.entry.localeCompare(b.entry));
  return { found, skipped };
}
