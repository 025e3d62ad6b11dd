import { readFileSync } from 'node:fs';
import { loadPyodide } from 'pyodide';
import { describe, expect, it, vi } from 'vitest';
import type { RunnerMessage } from '../../src/lib/runner/protocol.ts';
import { servePython } from '../../src/lib/runner/python-service.ts';

const HARNESS = readFileSync(new URL('../../src/lib/runner/python_harness.py', import.meta.url), 'utf8');
const said = (messages: RunnerMessage[]) => messages.map((message) => (message.type === 'loading' ? message.message : message.type));

describe('the Python worker body', () => {
  it('boots as soon as it is made, says how far it has got, and nothing of its load once Python is ready', async () => {
    const posted: RunnerMessage[] = [];
    let progressOfLoad!: (message: string) => void;
    const handle = servePython({
      load: async (progress) => {
        progressOfLoad = progress;
        progress('Downloading…');
        return loadPyodide({ stdout: () => {}, stderr: () => {} });
      },
      harness: HARNESS,
      post: (message) => posted.push(message),
    });
    // No message asked it to start.
    await vi.waitFor(() => expect(posted.at(-1)?.type).toBe('ready'), { timeout: 60_000, interval: 20 });
    // The page's lookup of the offline cache answering late, as it may after a first visit.
    progressOfLoad('Starting Python…');
    expect(said(posted)).toEqual(['Loading Python…', 'Downloading…', 'Preparing Python…', 'ready']);

    handle({ type: 'run', runId: 1, steps: [{ id: 'a', code: 'x = 6 * 7', capture: ['x'] }] });
    await vi.waitFor(() => expect(posted.at(-1)?.type).toBe('done'), { timeout: 10_000, interval: 20 });
    const finished = posted.find((message) => message.type === 'step-finished');
    expect(finished && 'result' in finished && finished.result.values).toEqual({ x: 42 });
  }, 90_000);
});
