import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../src/cli/check-submission.ts';
import { nodeWorkerFactory } from '../../src/cli/node-runners.ts';
import { RunnerHost, type WorkerPort } from '../../src/lib/runner/host.ts';
import { MINI_PROJECT, miniProject } from '../helpers/exercise.ts';

/** A runner that starts a run and is then starved of the CPU: it never answers in time. */
function starvedPort(): WorkerPort {
  let listener: (message: unknown) => void = () => {};
  return {
    post: (message) => listener({ type: 'step-started', runId: (message as { runId: number }).runId, index: 0 }),
    onMessage: (l) => (listener = l),
    onError: () => {},
    terminate: () => {},
  };
}

describe('checking a submission on a busy machine', () => {
  it('does not fail a correct submission for one run that ran out of time: a second run decides', async () => {
    const exercise = await miniProject();
    const solution = await readFile(path.join(MINI_PROJECT, 'solution.js'), 'utf8');
    const sandbox = nodeWorkerFactory('javascript');
    let workers = 0;
    const host = new RunnerHost(() => (workers++ === 0 ? starvedPort() : sandbox()));
    try {
      const report = await checkSubmission(exercise, 'javascript', solution, host);
      expect(report.steps.map((step) => step.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
      expect(workers).toBe(2);
    } finally {
      host.dispose();
    }
  }, 60_000);

  it('still reports a loop that never ends as a timeout', async () => {
    const exercise = await miniProject();
    const solution = await readFile(path.join(MINI_PROJECT, 'solution.js'), 'utf8');
    const looping = solution.replace('// Step 2', 'while (true) {}\n// Step 2');
    const host = new RunnerHost(nodeWorkerFactory('javascript'));
    try {
      const report = await checkSubmission(exercise, 'javascript', looping, host);
      expect(report.steps[0]!.status).toBe('timeout');
    } finally {
      host.dispose();
    }
  }, 60_000);
});
