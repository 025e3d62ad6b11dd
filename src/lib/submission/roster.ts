/**
 * A class roster (`--roster roster.csv`) names every student who should have handed in, so
 * that a missing submission scores 0 instead of vanishing, and maps the names found in a
 * download (file or folder names, Canvas name keys, platform ids) to the ids a gradebook uses.
 *
 * Columns, with a header row: `id` (required: the id the gradebook knows), `name` (the name
 * the download uses, as in the file or folder), optional `display` (a full name for reports).
 */
import { parseCsv } from './csv.ts';
import type { Student } from './discover.ts';

export interface RosterEntry {
  id: string;
  name: string;
  display: string;
}

export type Roster = RosterEntry[];

/** Names compared the way platforms mangle them: case, spaces and punctuation ignored. */
export const nameKey = (name: string): string => name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');

export function parseRoster(text: string): { roster: Roster } | { problem: string } {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  if (rows.length === 0) return { problem: 'the roster is empty; it needs a header row with at least an "id" column' };
  const header = rows[0]!.map((cell) => cell.trim().toLowerCase());
  const column = (name: string) => header.indexOf(name);
  if (column('id') === -1) return { problem: `the roster's header row has no "id" column (found: ${header.join(', ') || 'nothing'})` };
  const roster: Roster = [];
  const seen = new Set<string>();
  for (const [index, row] of rows.slice(1).entries()) {
    const cell = (name: string) => (column(name) === -1 ? '' : (row[column(name)] ?? '').trim());
    if (row.every((value) => value.trim() === '')) continue;
    const id = cell('id');
    if (!id) return { problem: `line ${index + 2}: the id is empty` };
    if (seen.has(id)) return { problem: `line ${index + 2}: the id "${id}" is listed twice` };
    seen.add(id);
    const name = cell('name') || id;
    roster.push({ id, name, display: cell('display') || name });
  }
  return { roster };
}

/** The roster entry a downloaded submission belongs to: by platform id, then by name. */
export function findOnRoster(roster: Roster, student: Student): RosterEntry | undefined {
  const key = nameKey(student.name);
  return (
    roster.find((entry) => student.lmsId !== undefined && (entry.id === student.lmsId || entry.name === student.lmsId)) ??
    roster.find((entry) => nameKey(entry.name) === key || nameKey(entry.id) === key || nameKey(entry.display) === key)
  );
}
