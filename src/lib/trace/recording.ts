/**
 * Turns the chunks of a trace into frames a view can jump between: the full set of names and
 * values after each executed line, which of them changed on that line, and how much had been
 * printed by then. Built once when the chunks arrive, so that a move in the view only reads.
 */
import { OUTPUT_LIMITS, type PlainValue } from '../runner/protocol.ts';
import { TRACE_LIMITS, type TraceChunk, type TraceStop } from './schema.ts';

/** A name's value after a line: plain data, or a description of what it is. */
export type TraceValue = { kind: 'value'; value: PlainValue } | { kind: 'unreadable'; what: string };

/** How a name differs from the frame before: absent when it does not. */
export type Change = 'new' | 'changed';

export interface TraceFrame {
  /** 1-based line of the step's code that has just run. */
  line: number;
  /** Every name the step has at this point, in the order it first appeared. */
  values: ReadonlyMap<string, TraceValue>;
  changes: ReadonlyMap<string, Change>;
  /** Names that went away on this line. */
  gone: readonly string[];
  /** Characters of {@link TraceRecording.printed} printed by the end of this line. */
  printedLength: number;
}

export class TraceRecording {
  readonly frames: TraceFrame[] = [];
  /** Set when the tracer ended the step: at the line cap or at its time limit. */
  stopped: TraceStop | undefined;
  /** Everything the step printed while traced, up to the output caps. */
  printed = '';

  /** Adds a chunk; entries past the line cap are dropped and the trace counts as capped. */
  add(chunk: TraceChunk): void {
    if (chunk.stopped) this.stopped ??= chunk.stopped;
    for (const entry of chunk.entries) {
      if (this.frames.length >= TRACE_LIMITS.lines) {
        this.stopped = 'cap';
        return;
      }
      const before = this.frames.at(-1)?.values ?? new Map<string, TraceValue>();
      const values = new Map(before);
      const changes = new Map<string, Change>();
      const gone = (entry.gone ?? []).filter((name) => values.delete(name));
      const set = (name: string, next: TraceValue) => {
        const change = changeOf(before.get(name), next);
        if (change) changes.set(name, change);
        values.set(name, next);
      };
      for (const [name, value] of Object.entries(entry.values ?? {})) set(name, { kind: 'value', value });
      for (const [name, what] of Object.entries(entry.unreadable ?? {})) set(name, { kind: 'unreadable', what });
      if (entry.printed && this.printed.length < OUTPUT_LIMITS.bytes) this.printed = (this.printed + entry.printed).slice(0, OUTPUT_LIMITS.bytes);
      this.frames.push({ line: entry.line, values, changes, gone, printedLength: this.printed.length });
    }
  }
}

/** Whether a name is new or holds a different value than before; undefined when it is the same. */
export function changeOf(before: TraceValue | undefined, after: TraceValue): Change | undefined {
  if (!before) return 'new';
  if (before.kind !== after.kind) return 'changed';
  if (before.kind === 'unreadable') return before.what === (after as typeof before).what ? undefined : 'changed';
  return samePlainValue(before.value, (after as typeof before).value) ? undefined : 'changed';
}

/** Deep equality of plain data, keys in order (a dict that reordered its keys did change). */
export function samePlainValue(a: PlainValue, b: PlainValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => samePlainValue(item, b[index]!));
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key, index) => key === keysB[index] && samePlainValue(a[key]!, b[key]!));
}
