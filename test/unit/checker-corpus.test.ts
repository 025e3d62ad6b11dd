/**
 * The labelled corpus: whole-project submissions in both languages, each labelled valid or
 * invalid with a reason, graded through `gradeFolder` exactly as `stepwise grade` grades a
 * class. Every valid file must pass and every invalid one must fail at its labelled step with
 * the message that names its cause. Prints the accuracy figures.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { StepReport } from '../../src/lib/checker/check-step.ts';
import { gradeFolder, type GradeResults } from '../../src/cli/grade.ts';
import { LANGUAGES } from '../../src/lib/runner/protocol.ts';
import { miniProject, ROOT } from '../helpers/exercise.ts';

export const CORPUS = path.join(ROOT, 'test/fixtures/corpus');

interface Label {
  file: string;
  label: 'valid' | 'invalid';
  reason: string;
  step?: number;
  expect?: string;
}

const labels = (parse(await readFile(path.join(CORPUS, 'labels.yaml'), 'utf8')) as { submissions: Label[] }).submissions;
const graded = new Map<string, StepReport[] | string>();

beforeAll(async () => {
  const exercise = await miniProject();
  for (const language of LANGUAGES) {
    const results: GradeResults = await gradeFolder(exercise, path.join(CORPUS, language));
    for (const entry of results.submissions) graded.set(`${language}/${entry.file}`, 'steps' in entry ? entry.steps : entry.error);
  }
}, 240_000);

/** The verdict on one labelled file: accepted, and for a rejected one where and why. */
function verdict(label: Label) {
  const steps = graded.get(label.file);
  if (!Array.isArray(steps)) return { accepted: false, firstFailing: undefined, messages: [String(steps)] };
  const failing = steps.findIndex((step) => step.status !== 'pass');
  return { accepted: failing === -1, firstFailing: failing === -1 ? undefined : failing + 1, messages: failing === -1 ? [] : steps[failing]!.messages };
}

describe('the labelled corpus', () => {
  it('has at least 80 submissions in both languages, each file labelled once', async () => {
    expect(labels.length).toBeGreaterThanOrEqual(80);
    for (const language of LANGUAGES) expect(labels.filter((label) => label.file.startsWith(`${language}/`)).length).toBeGreaterThanOrEqual(25);
    expect(new Set(labels.map((label) => label.file)).size).toBe(labels.length);
    expect([...graded.keys()].sort()).toEqual(labels.map((label) => label.file).sort());
  });

  it('accepts every valid submission and catches every invalid one, at its step, naming its cause', () => {
    const valid = labels.filter((label) => label.label === 'valid');
    const invalid = labels.filter((label) => label.label === 'invalid');
    const accepted = valid.filter((label) => verdict(label).accepted);
    const caught = invalid.filter((label) => !verdict(label).accepted);
    const atStep = invalid.filter((label) => verdict(label).firstFailing === label.step);
    const named = invalid.filter((label) => label.expect && verdict(label).messages.some((message) => message.includes(label.expect!)));
    const percent = (part: number, whole: number) => `${part}/${whole} (${((100 * part) / whole).toFixed(1)}%)`;
    console.log(
      [
        `valid accepted: ${percent(accepted.length, valid.length)}`,
        `invalid caught: ${percent(caught.length, invalid.length)}`,
        `caught at the labelled step: ${percent(atStep.length, invalid.length)}`,
        `cause named in the feedback: ${percent(named.length, invalid.length)}`,
      ].join('\n'),
    );
    for (const label of valid) expect.soft(verdict(label), `${label.file}: ${label.reason}`).toMatchObject({ accepted: true });
    for (const label of invalid) {
      const { firstFailing, messages } = verdict(label);
      expect.soft(firstFailing, `${label.file}: ${label.reason}`).toBe(label.step);
      if (label.expect) expect.soft(messages.join('\n'), `${label.file}: ${label.reason}`).toContain(label.expect);
    }
  });
});
