import { readFileSync } from 'node:fs';
import { loadPyodide } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StepRun } from '../../src/lib/runner/protocol.ts';
import { preparePython, runPython, type PythonSession } from '../../src/lib/runner/python.ts';
import { TraceRecording } from '../../src/lib/trace/recording.ts';
import { readTraceChunk, TRACE_LIMITS, type TraceChunk } from '../../src/lib/trace/schema.ts';

/** The harness's tracer in Pyodide, as the browser's worker runs it. */
const HARNESS = readFileSync(new URL('../../src/lib/runner/python_harness.py', import.meta.url), 'utf8');
const SOLUTION = readFileSync(new URL('../../exercises/segmentation-mini-project/solution.py', import.meta.url), 'utf8');
const [step1, step2, step3] = SOLUTION.split(/(?=# Step \d)/).map((part) => part.trim());

let session: PythonSession;

beforeAll(async () => {
  session = preparePython(await loadPyodide({ stdout: () => {}, stderr: () => {} }), HARNESS);
}, 120_000);

/** Runs the steps with the last one traced; returns the runs, the raw chunks and the recording the host would build. */
function trace(codes: string[], seconds = 1.6): { runs: StepRun[]; chunks: TraceChunk[]; recording: TraceRecording } {
  const runs: StepRun[] = [];
  const chunks: TraceChunk[] = [];
  const recording = new TraceRecording();
  runPython(
    session,
    codes.map((code, index) => ({ id: `s${index + 1}`, code, capture: [] })),
    { started() {}, finished: (index, result) => (runs[index] = result) },
    {
      deadline: performance.now() + seconds * 1000,
      onChunk: (raw) => {
        const chunk = readTraceChunk(raw);
        if (typeof chunk === 'string') throw new Error(chunk);
        chunks.push(chunk);
        recording.add(chunk);
      },
    },
  );
  return { runs, chunks, recording };
}

const valueAt = (recording: TraceRecording, index: number, name: string) => {
  const value = recording.frames[index]!.values.get(name);
  return value?.kind === 'value' ? value.value : value?.what;
};

describe('tracing a step in Pyodide', () => {
  it('records each executed line of the reference step 3, with groups growing category by category', () => {
    const { runs, recording } = trace([step1!, step2!, step3!]);
    expect(runs.map((run) => run.status)).toEqual(['ok', 'ok', 'ok']);
    expect(recording.stopped).toBeUndefined();
    const frames = recording.frames;
    expect(frames.length).toBeGreaterThan(10);
    expect(frames.length).toBeLessThan(TRACE_LIMITS.lines);
    // Only the traced step's lines (its comment is line 1, so its code starts on line 2).
    expect(Math.min(...frames.map((frame) => frame.line))).toBe(2);
    expect(Math.max(...frames.map((frame) => frame.line))).toBe(5);
    const grown = frames.flatMap((frame, index) => (frame.changes.has('groups') ? [valueAt(recording, index, 'groups')] : []));
    expect(grown).toEqual([
      {},
      { Books: ['Alice', 'Charlie'] },
      { Books: ['Alice', 'Charlie'], Electronics: ['Bob', 'Ethan'] },
      { Books: ['Alice', 'Charlie'], Electronics: ['Bob', 'Ethan'], Clothing: ['Diana'] },
    ]);
    expect(frames.filter((frame) => frame.changes.get('category') === 'changed')).toHaveLength(2);
  });

  it('keeps plain copies: a value shown at a line is not changed by later lines', () => {
    const { recording } = trace(['items = []\nitems.append(1)\nitems.append(2)\nalias = items\nalias.append(3)']);
    expect(recording.frames.map((_, index) => valueAt(recording, index, 'items'))).toEqual([[], [1], [1, 2], [1, 2], [1, 2, 3]]);
    expect(recording.frames.map((frame) => frame.changes.get('items'))).toEqual(['new', 'changed', 'changed', undefined, 'changed']);
  });

  it('follows the names inside a function of the step, and names what it cannot show', () => {
    const { recording } = trace(["def total(prices):\n    s = 0\n    for p in prices:\n        s += p\n    return s\nseen = {'a'}\nanswer = total([1, 2])"]);
    const lines = recording.frames.map((frame) => frame.line);
    expect(lines).toContain(4);
    const inside = recording.frames.findLastIndex((frame) => frame.line === 4);
    expect(valueAt(recording, inside, 's')).toBe(3);
    expect(valueAt(recording, 0, 'total')).toBe('a function');
    expect(valueAt(recording, recording.frames.length - 1, 'seen')).toBe('a set (use a list instead)');
    expect(valueAt(recording, recording.frames.length - 1, 'answer')).toBe(3);
  });

  it('stops an endless loop at 1,000 lines, flagged, with every recorded line kept', () => {
    const { runs, chunks, recording } = trace(['n = 0\nwhile True:\n    n += 1']);
    expect(runs[0]).toMatchObject({ status: 'error', error: { name: 'TraceStopped' } });
    expect(recording.stopped).toBe('cap');
    expect(recording.frames).toHaveLength(TRACE_LIMITS.lines);
    expect(chunks.every((chunk) => chunk.entries.length <= TRACE_LIMITS.chunkEntries)).toBe(true);
    expect(valueAt(recording, TRACE_LIMITS.lines - 1, 'n')).toBeGreaterThan(400);
  });

  it('stops a slow endless loop at its deadline, before the budget, keeping what it recorded', () => {
    const started = performance.now();
    const { runs, recording } = trace(['rounds = 0\nwhile True:\n    total = sum(range(300000))\n    rounds += 1'], 0.3);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(runs[0]).toMatchObject({ status: 'error', error: { name: 'TraceStopped' } });
    expect(recording.stopped).toBe('time');
    expect(recording.frames.length).toBeGreaterThan(2);
    expect(recording.frames.length).toBeLessThan(TRACE_LIMITS.lines);
    expect(valueAt(recording, recording.frames.length - 1, 'total')).toBe(44999850000);
  });

  it('records what was printed up to each line, and the error that ended the step', () => {
    const { runs, recording } = trace(["print('one')\nprint('two')\nmissing"]);
    expect(runs[0]!.error).toMatchObject({ name: 'NameError', line: 3 });
    expect(recording.frames.map((frame) => recording.printed.slice(0, frame.printedLength))).toEqual(['one\n', 'one\ntwo\n', 'one\ntwo\n']);
  });

  it('leaves untraced runs as they were', () => {
    const runs: StepRun[] = [];
    runPython(session, [{ id: 'a', code: 'x = 1', capture: ['x'] }], { started() {}, finished: (index, result) => (runs[index] = result) });
    expect(runs[0]).toMatchObject({ status: 'ok', values: { x: 1 } });
  });
});
