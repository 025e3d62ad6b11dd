import { describe, expect, it } from 'vitest';
import { parseCsv, formatCsv } from '../../src/lib/submission/csv.ts';
import { decodeSubmission, MAX_SUBMISSION_BYTES } from '../../src/lib/submission/decode.ts';
import { discoverSubmissions } from '../../src/lib/submission/discover.ts';
import { feedbackFileName, renderFeedback } from '../../src/lib/submission/feedback.ts';
import { formatGradebook } from '../../src/lib/submission/gradebook.ts';
import { handInFile } from '../../src/lib/submission/hand-in-file.ts';
import { isFollowOn, score } from '../../src/lib/submission/marks.ts';
import { notebookToSource } from '../../src/lib/submission/notebook.ts';
import { readSubmission } from '../../src/lib/submission/read.ts';
import { findOnRoster, parseRoster } from '../../src/lib/submission/roster.ts';
import { splitSteps } from '../../src/lib/exercise/step-markers.ts';
import { codeForPage, solutionsShown } from '../../src/lib/exercise/solutions.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('decoding a submitted file', () => {
  it('drops a byte-order mark and turns CRLF into LF', () => {
    expect(decodeSubmission(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('a = 1\r\nb = 2\r\n')]))).toEqual({ text: 'a = 1\nb = 2\n' });
  });

  it('refuses empty, blank, binary, non-UTF-8 and oversized files with a reason', () => {
    expect(decodeSubmission(new Uint8Array())).toEqual({ problem: 'the file is empty' });
    expect(decodeSubmission(bytes(' \n\t'))).toEqual({ problem: 'the file holds only blank space' });
    expect(decodeSubmission(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toEqual({ problem: 'the file is binary, not source code' });
    expect(decodeSubmission(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toMatchObject({ problem: expect.stringContaining('not UTF-8') });
    expect(decodeSubmission(new Uint8Array(MAX_SUBMISSION_BYTES + 1).fill(0x61))).toMatchObject({ problem: expect.stringContaining('larger than 1 MB') });
  });

  it('reads a Python notebook as its code cells, each marker line telling its step', () => {
    const notebook = JSON.stringify({
      cells: [
        { cell_type: 'markdown', source: ['# Title'] },
        { cell_type: 'code', source: ['# Step 1\n', 'a = 1'] },
        { cell_type: 'code', source: '%timeit a\nb = a' },
        { cell_type: 'code', source: ['# Step 2\n', 'c = b'] },
        { cell_type: 'code', id: 'check', source: ['print("self-check")'] },
      ],
    });
    const read = readSubmission('work.ipynb', bytes(notebook));
    expect(read).toMatchObject({ language: 'python' });
    const source = (read as { source: string }).source;
    expect(splitSteps(source).map((chunk) => [chunk.step, chunk.code])).toEqual([
      [1, 'a = 1\n\n# %timeit a\nb = a'],
      [2, 'c = b'],
    ]);
    expect(notebookToSource('{not json')).toMatchObject({ problem: expect.stringContaining('not valid JSON') });
    expect(notebookToSource('{"cells": [{"cell_type": "markdown", "source": "x"}]}')).toEqual({ problem: 'the notebook has no code cells' });
    expect(readSubmission('work.txt', bytes('x'))).toMatchObject({ problem: expect.stringContaining('not a .py, .js or .ipynb') });
  });
});

describe('finding submissions in a class folder', () => {
  it('reads a flat folder, Canvas file names and Moodle folders, listing what it skips', () => {
    const { found, skipped } = discoverSubmissions(
      [
        { path: 'alice.py', kind: 'file' },
        { path: 'smithjane_late_12345_67890_my-work.js', kind: 'file' },
        { path: 'link.py', kind: 'link' },
        { path: '.DS_Store', kind: 'file' },
        { path: 'Jane Smith_101_assignsubmission_file_', kind: 'folder' },
        { path: 'Jane Smith_101_assignsubmission_file_/draft.py', kind: 'file' },
        { path: 'Jane Smith_101_assignsubmission_file_/mini.py', kind: 'file' },
        { path: 'Jane Smith_101_assignsubmission_onlinetext_', kind: 'folder' },
        { path: 'Jane Smith_101_assignsubmission_onlinetext_/onlinetext.html', kind: 'file' },
        { path: 'bob', kind: 'folder' },
        { path: 'bob/__MACOSX', kind: 'folder' },
        { path: 'bob/__MACOSX/._mini.py', kind: 'file' },
        { path: 'carol', kind: 'folder' },
        { path: 'carol/readme.txt', kind: 'file' },
      ],
      'mini',
    );
    expect(found.map(({ entry, student }) => [entry, student.name, student.lmsId ?? '', student.layout])).toEqual([
      ['alice.py', 'alice', '', 'file'],
      ['bob/', 'bob', '', 'folder'],
      ['carol/', 'carol', '', 'folder'],
      ['Jane Smith_101_assignsubmission_file_/mini.py', 'Jane Smith', '101', 'moodle'],
      ['smithjane_late_12345_67890_my-work.js', 'smithjane', '12345', 'canvas'],
    ]);
    expect(skipped).toEqual(
      expect.arrayContaining([
        { path: 'link.py', reason: 'a symbolic link, which is never followed' },
        { path: '.DS_Store', reason: 'a hidden or system entry' },
        { path: 'bob/__MACOSX', reason: 'a hidden or system entry' },
        { path: 'Jane Smith_101_assignsubmission_file_/draft.py', reason: expect.stringContaining('Jane Smith_101_assignsubmission_file_/mini.py was graded') },
        { path: 'Jane Smith_101_assignsubmission_onlinetext_/onlinetext.html', reason: 'not a .py, .js or .ipynb file (Moodle online text)' },
        { path: 'carol/readme.txt', reason: 'not a .py, .js or .ipynb file' },
      ]),
    );
    expect(skipped).toHaveLength(6);
  });
});

describe('roster and gradebook', () => {
  it('parses a roster and matches downloads by platform id or by name, ignoring case and spacing', () => {
    const parsed = parseRoster('\uFEFFid,name,display\r\ns1,smithjane,Jane Smith\r\n"s,2","Doe, John",\r\n');
    expect(parsed).toEqual({ roster: [{ id: 's1', name: 'smithjane', display: 'Jane Smith' }, { id: 's,2', name: 'Doe, John', display: 'Doe, John' }] });
    const roster = (parsed as { roster: ReturnType<typeof parseRoster> extends infer R ? R extends { roster: infer T } ? T : never : never }).roster;
    expect(findOnRoster(roster, { name: 'Jane Smith', layout: 'moodle', lmsId: '9' })?.id).toBe('s1');
    expect(findOnRoster(roster, { name: 'doejohn', layout: 'canvas' })?.id).toBe('s,2');
    expect(findOnRoster(roster, { name: 'nobody', layout: 'file' })).toBeUndefined();
    expect(parseRoster('name\nx\n')).toMatchObject({ problem: expect.stringContaining('no "id" column') });
    expect(parseRoster('id\na\na\n')).toEqual({ problem: 'line 3: the id "a" is listed twice' });
  });

  it('writes CSV that round-trips and defuses spreadsheet formulas', () => {
    const text = formatCsv([['a', 'b,c', 'say "hi"'], ['=SUM(A1)', 3, '']]);
    expect(text).toBe('a,"b,c","say ""hi"""\r\n\'=SUM(A1),3,\r\n');
    expect(parseCsv(text)).toEqual([['a', 'b,c', 'say "hi"'], ["'=SUM(A1)", '3', '']]);
  });

  it('lays the gradebook out for plain use, Canvas and Moodle', () => {
    const columns = { title: 'Mini project', stepIds: ['one', 'two'], max: 3 };
    const rows = [
      { studentId: 's1', name: 'Jane Smith', lmsId: '12345', rosterId: 's1', total: 3, earned: [1, 2], status: 'pass' as const, note: 'Every step passes.' },
      { studentId: 's4', name: 'Omar Khan', rosterId: 's4', total: 0, earned: [0, 0], status: 'missing' as const, note: 'No submission was found.' },
    ];
    expect(parseCsv(formatGradebook('plain', columns, rows))).toEqual([
      ['student_id', 'name', 'total', 'max', 'one', 'two', 'status'],
      ['s1', 'Jane Smith', '3', '3', '1', '2', 'pass'],
      ['s4', 'Omar Khan', '0', '3', '0', '0', 'missing'],
    ]);
    expect(parseCsv(formatGradebook('canvas', columns, rows))).toEqual([
      ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'Mini project'],
      ['    Points Possible', '', '', '', '', '3'],
      ['Jane Smith', '12345', 's1', '', '', '3'],
      ['Omar Khan', '', 's4', '', '', '0'],
    ]);
    expect(parseCsv(formatGradebook('moodle', columns, rows))[1]).toEqual(['Participant 12345', 'Jane Smith', 's1', 'pass', '3', '3', 'Every step passes.']);
  });
});

describe('marks', () => {
  it('gives a step its points only when it passes', () => {
    expect(score([1, 2, 3], [{ status: 'pass' }, { status: 'fail' }, { status: 'pass' }])).toEqual({ earned: [1, 0, 3], total: 4, max: 6 });
  });

  it('tells a follow-on report from a first cause', () => {
    const steps = [{ status: 'pass' }, { status: 'error' }, { status: 'error' }, { status: 'error' }] as const;
    expect([0, 1, 2, 3].map((index) => isFollowOn([...steps], index))).toEqual([false, false, true, true]);
  });

  it('withholds solutions until the date the manifest names', () => {
    const day = new Date('2026-12-01T00:00:00Z');
    expect(solutionsShown('always', day)).toBe(true);
    expect(solutionsShown('never', day)).toBe(false);
    expect(solutionsShown('after 2026-12-02', day)).toBe(false);
    expect(solutionsShown('after 2026-12-01', day)).toBe(true);
    const code = { python: { starter: 's = []', solution: 's = [1]' } };
    expect(codeForPage(code, true)).toBe(code);
    expect(JSON.stringify(codeForPage(code, false))).not.toContain('[1]');
  });
});

describe('feedback and hand-in files', () => {
  it('escapes every string from the submission and needs no external file', () => {
    const page = renderFeedback({
      exerciseTitle: 'Mini <project>',
      student: '<script>alert(1)</script>',
      file: 'a".py',
      date: new Date('2026-11-25T12:00:00Z'),
      score: 1,
      maxScore: 2,
      source: '# Step 1\nprint("<b>")\n# Step 2\nx = 1',
      steps: [
        { title: 'One', status: 'pass', messages: [], points: 1, worth: 1, output: '<img src=x onerror=alert(1)>' },
        { title: 'Two', status: 'fail', messages: ['`x` should be </li>'], points: 0, worth: 1, output: '' },
      ],
    });
    expect(page).not.toMatch(/<script|<img|<b>|<link|\ssrc="|href="/);
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(page).toContain('print(&#34;&#60;b&#62;&#34;)');
    expect(page).toContain('<code>x</code> should be &#60;/li&#62;');
    expect(page).toContain('Score: <strong>1 of 2</strong>');
    expect(page).toContain('graded on 2026-11-25');
    const taken = new Set<string>();
    expect([feedbackFileName('Jane Smith', taken), feedbackFileName('jane smith', taken), feedbackFileName('../..', taken)]).toEqual(['Jane_Smith.html', 'jane_smith-2.html', 'student.html']);
  });

  it('writes the hand-in in the format check reads, with the name on one comment line', () => {
    const file = handInFile({ exerciseId: 'mini', language: 'python', codes: ['a = 1\r\n', 'b = 2'], studentName: 'Ada\n# Step 7', date: new Date('2026-11-25T00:00:00Z') });
    expect(file.fileName).toBe('mini.py');
    expect(file.text).toContain('# Student: Ada # Step 7\n');
    expect(splitSteps(file.text).map((chunk) => [chunk.step, chunk.code])).toEqual([
      [1, 'a = 1'],
      [2, 'b = 2'],
    ]);
    expect(handInFile({ exerciseId: 'mini', language: 'javascript', codes: ['x'], studentName: '  ', date: new Date() }).text).not.toContain('Student:');
  });
});
