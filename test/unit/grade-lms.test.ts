import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeFolder } from '../../src/cli/grade.ts';
import { parseCsv } from '../../src/lib/submission/csv.ts';
import { parseRoster } from '../../src/lib/submission/roster.ts';
import { miniProject, ROOT } from '../helpers/exercise.ts';

const LMS = path.join(ROOT, 'test/fixtures/lms');
const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, [path.join(ROOT, 'bin/stepwise.mjs'), ...args], { cwd: ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
const temps: string[] = [];
afterAll(async () => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'stepwise-lms-'));
  temps.push(dir);
  return dir;
};

describe('grading an LMS download', () => {
  it("reads Moodle's folder per student, a notebook included, and scores a roster's missing student 0", async () => {
    const roster = parseRoster(await readFile(path.join(LMS, 'moodle-roster.csv'), 'utf8'));
    if ('problem' in roster) throw new Error(roster.problem);
    const results = await gradeFolder(await miniProject(), path.join(LMS, 'moodle'), 2, roster);
    expect(results.submissions.map((entry) => [entry.studentId, entry.student, entry.lmsId, entry.status, entry.score])).toEqual([
      ['u1003', 'Anna Lee', '103', 'not graded', 0],
      ['u1001', 'Jane Smith', '101', 'pass', 4],
      ['u1002', 'John Doe', '102', 'pass', 4],
    ]);
    expect(results.submissions[2]).toMatchObject({ file: 'John Doe_102_assignsubmission_file_/mini-project.ipynb', language: 'python' });
    expect(results.missing).toEqual([{ studentId: 'u1004', student: 'Omar Khan', status: 'missing', score: 0, maxScore: 4 }]);
    expect(results.skipped.map((entry) => entry.path)).toEqual([
      '.DS_Store',
      'Anna Lee_103_assignsubmission_onlinetext_/onlinetext.html',
      'Jane Smith_101_assignsubmission_file_/notes.md',
    ]);
    expect(results.summary).toMatchObject({ submissions: 3, graded: 2, missing: 1, passRate: { customers: 0.667 } });
  }, 120_000);

  it("writes a Canvas gradebook from Canvas's file names, feedback pages, and exits 1 when someone does not pass", async () => {
    const out = await tempDir();
    const { code, stdout } = await cli(
      'grade', 'segmentation-mini-project', 'test/fixtures/lms/canvas',
      '--roster', 'test/fixtures/lms/canvas-roster.csv',
      '--csv', path.join(out, 'grades.csv'), '--csv-layout', 'canvas',
      '--feedback', path.join(out, 'feedback'),
      '--out', path.join(out, 'results.json'),
    );
    expect(code).toBe(1);
    expect(stdout).toContain('missing: s004 (Omar Khan) handed in nothing');
    expect(parseCsv(await readFile(path.join(out, 'grades.csv'), 'utf8'))).toEqual([
      ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'Mini project: segment customers and personalize their emails'],
      ['    Points Possible', '', '', '', '', '4'],
      ['John Doe', '23456', 's002', '', '', '3'],
      ['Anna Lee', '34567', 's003', '', '', '0'],
      ['Jane Smith', '12345', 's001', '', '', '4'],
      ['Omar Khan', '', 's004', '', '', '0'],
    ]);
    expect((await readdir(path.join(out, 'feedback'))).sort()).toEqual(['s001.html', 's002.html', 's003.html']);
    const john = await readFile(path.join(out, 'feedback/s002.html'), 'utf8');
    expect(john).toContain('Score: <strong>3 of 4</strong>');
    expect(john).toContain('Clothes!');
    expect(john).not.toMatch(/<script|<link|src="/);
    const json = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'));
    expect(json.submissions[0]).not.toHaveProperty('source');
    expect(json.submissions[0].steps[3]).toMatchObject({ status: 'fail', points: 0 });
  }, 120_000);

  it('checks every option and output folder before grading, with --help for the command', async () => {
    const help = await cli('grade', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--csv-layout plain|canvas|moodle');
    for (const [args, message] of [
      [['--out', 'no-such-folder/results.json'], '--out no-such-folder/results.json: the folder no-such-folder does not exist; create it first.'],
      [['--csv', 'g.csv', '--csv-layout', 'blackboard'], '--csv-layout must be one of plain, canvas, moodle, not "blackboard".'],
      [['--roster', 'test/fixtures/lms/canvas/smithjane_12345_67890_segments.js'], 'has no "id" column'],
    ] as const) {
      const result = await cli('grade', 'segmentation-mini-project', 'test/fixtures/lms/canvas', ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toContain('    at ');
      expect(result.stdout).not.toContain('Graded');
    }
  }, 120_000);
});
