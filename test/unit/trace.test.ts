import { describe, expect, it } from 'vitest';
import { readRunnerMessage } from '../../src/lib/runner/messages.ts';
import { formatValue } from '../../src/lib/trace/format.ts';
import { changeOf, samePlainValue, TraceRecording } from '../../src/lib/trace/recording.ts';
import { readTraceChunk, TRACE_LIMITS, type TraceEntry } from '../../src/lib/trace/schema.ts';

describe('reading a trace chunk from a runner', () => {
  it('keeps checked fields only', () => {
    const chunk = readTraceChunk({ entries: [{ line: 2, values: { groups: {} }, printed: 'hi\n', extra: 1 }], stopped: 'cap', other: true });
    expect(chunk).toEqual({ entries: [{ line: 2, values: { groups: {} }, printed: 'hi\n' }], stopped: 'cap' });
  });

  it('refuses what is not a trace, saying where', () => {
    expect(readTraceChunk({ entries: [{ line: 1 }, { line: 0 }] })).toBe('trace entry 2: no line number');
    expect(readTraceChunk({ entries: [], stopped: 'later' })).toBe('trace chunk with an unknown stop');
    expect(readTraceChunk({ entries: Array.from({ length: TRACE_LIMITS.chunkEntries + 1 }, () => ({ line: 1 })) })).toMatch(/more than 100 entries/);
    expect(readTraceChunk({ entries: [{ line: 1, unreadable: { f: 3 } }] })).toBe('trace entry 1: unreadable names a value without saying what it is');
    expect(readTraceChunk([])).toBe('trace chunk without entries');
  });

  it('shows a value over the caps as what it is, never passes it on', () => {
    const big = 'x'.repeat(TRACE_LIMITS.valueChars + 1);
    const chunk = readTraceChunk({ entries: [{ line: 1, values: { big, deep: JSON.parse('['.repeat(70) + ']'.repeat(70)), fine: [1] } }] });
    expect(chunk).toEqual({
      entries: [{ line: 1, values: { fine: [1] }, unreadable: { big: 'a value too large to show in the trace', deep: 'a value nested more than 64 levels deep' } }],
    });
  });

  it('is read by the host as a runner message, and a forged one is refused', () => {
    expect(readRunnerMessage({ type: 'trace', runId: 3, chunk: { entries: [{ line: 1 }] } })).toEqual({ type: 'trace', runId: 3, chunk: { entries: [{ line: 1 }] } });
    expect(readRunnerMessage({ type: 'trace', runId: 3, chunk: { entries: 'all' } })).toEqual({ invalid: 'trace chunk without entries' });
    expect(readRunnerMessage({ type: 'trace', chunk: { entries: [] } })).toEqual({ invalid: 'trace without a run id' });
  });
});

describe('the frames of a recording', () => {
  const recording = (...chunks: { entries: TraceEntry[]; stopped?: 'cap' | 'time' }[]) => {
    const trace = new TraceRecording();
    for (const chunk of chunks) trace.add(chunk);
    return trace;
  };

  it('holds every name after each line, and marks what is new or changed on that line', () => {
    const trace = recording(
      { entries: [{ line: 1, values: { groups: {} } }, { line: 2, values: { category: 'Books' } }] },
      { entries: [{ line: 4, values: { groups: { Books: ['Alice'] } }, printed: 'a\n' }, { line: 2, values: { category: 'Clothing' }, gone: ['nobody'] }] },
    );
    expect(trace.frames.map((frame) => frame.line)).toEqual([1, 2, 4, 2]);
    const third = trace.frames[2]!;
    expect(Object.fromEntries(third.values)).toEqual({ groups: { kind: 'value', value: { Books: ['Alice'] } }, category: { kind: 'value', value: 'Books' } });
    expect(Object.fromEntries(third.changes)).toEqual({ groups: 'changed' });
    expect(Object.fromEntries(trace.frames[1]!.changes)).toEqual({ category: 'new' });
    expect(trace.frames[3]!.gone).toEqual([]);
    expect(trace.printed.slice(0, trace.frames[1]!.printedLength)).toBe('');
    expect(trace.printed.slice(0, third.printedLength)).toBe('a\n');
  });

  it('drops a name that went away, and keeps the frames before it unchanged', () => {
    const trace = recording({ entries: [{ line: 1, values: { item: 1, total: 0 } }, { line: 2, gone: ['item'] }] });
    expect([...trace.frames[0]!.values.keys()]).toEqual(['item', 'total']);
    expect([...trace.frames[1]!.values.keys()]).toEqual(['total']);
    expect(trace.frames[1]!.gone).toEqual(['item']);
  });

  it('does not mark a value sent again unchanged', () => {
    const trace = recording({ entries: [{ line: 1, values: { a: [1, { b: 2 }] } }, { line: 2, values: { a: [1, { b: 2 }] } }] });
    expect(trace.frames[1]!.changes.size).toBe(0);
  });

  it('stops at the line cap and says so, even when the runner sends more', () => {
    const lines = (count: number) => ({ entries: Array.from({ length: count }, (_, i) => ({ line: (i % 3) + 1 })) });
    const full = recording(...Array.from({ length: 10 }, () => lines(100)));
    expect(full.frames).toHaveLength(1000);
    expect(full.stopped).toBeUndefined();
    full.add(lines(1));
    expect(full.frames).toHaveLength(TRACE_LIMITS.lines);
    expect(full.stopped).toBe('cap');
    expect(recording({ entries: [{ line: 1 }], stopped: 'time' }).stopped).toBe('time');
  });

  it('compares plain values deeply, key order included', () => {
    expect(samePlainValue({ a: [1, 'x', null] }, { a: [1, 'x', null] })).toBe(true);
    expect(samePlainValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(samePlainValue([1, 2], [1, 2, 3])).toBe(false);
    expect(samePlainValue([], {})).toBe(false);
    expect(changeOf({ kind: 'value', value: 1 }, { kind: 'unreadable', what: 'a set' })).toBe('changed');
    expect(changeOf(undefined, { kind: 'value', value: 1 })).toBe('new');
    expect(changeOf({ kind: 'unreadable', what: 'a set' }, { kind: 'unreadable', what: 'a set' })).toBeUndefined();
  });
});

describe('writing a value for the table', () => {
  it('writes Python data the way Python prints it', () => {
    const wide = { width: 100, items: 8, depth: 4, stringChars: 60 };
    expect(formatValue({ Books: ['Alice', 'Charlie'], n: null, ok: true, x: 1.5 }, 'python', wide)).toBe("{'Books': ['Alice', 'Charlie'], 'n': None, 'ok': True, 'x': 1.5}");
    expect(formatValue("it's", 'python')).toBe(`"it's"`);
    expect(formatValue('a\nb', 'python')).toBe("'a\\nb'");
    expect(formatValue({ a: null }, 'javascript')).toBe('{"a": null}');
  });

  it('spreads a long value over nested, indented lines', () => {
    const groups = { Books: ['Alice', 'Charlie'], Electronics: ['Bob', 'Ethan'], Clothing: ['Diana'] };
    expect(formatValue(groups, 'python')).toBe(["{", "  'Books': ['Alice', 'Charlie'],", "  'Electronics': ['Bob', 'Ethan'],", "  'Clothing': ['Diana'],", '}'].join('\n'));
  });

  it('folds long lists, deep nesting and long strings, saying what it left out', () => {
    const options = { width: 200, items: 3, depth: 2, stringChars: 5 };
    expect(formatValue([1, 2, 3, 4, 5], 'python', options)).toBe('[1, 2, 3, … 2 more]');
    expect(formatValue([[[1]]], 'python', options)).toBe('[[[…]]]');
    expect(formatValue('abcdefgh', 'python', options)).toBe("'abcde…'");
    expect(formatValue([], 'python', options)).toBe('[]');
  });
});
