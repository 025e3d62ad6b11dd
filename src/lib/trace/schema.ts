/**
 * The data of a line-by-line trace, as a runner sends it (python_harness.py's Tracer) and as
 * the host reads it: hostile data, rebuilt from checked fields only, like every runner message.
 *
 * One entry per executed line of the traced step, recorded once the line has run. To stay small,
 * an entry carries only what changed since the entry before it: names with a new value, names
 * whose value cannot be shown (with what they are), names that went away, and text printed.
 */
import { plainValueProblem } from '../runner/messages.ts';
import type { PlainValue } from '../runner/protocol.ts';

export const TRACE_LIMITS = {
  /** Executed lines one trace records, as Python Tutor does; the tracer stops the step there. */
  lines: 1000,
  /** Entries per chunk; the runner flushes this often so a killed worker loses little. */
  chunkEntries: 100,
  /** JSON characters of one value in a trace (a value copied at every line must stay small). */
  valueChars: 10_000,
  /** Names one entry may carry. */
  names: 200,
  /**
   * The tracer ends itself this long before the run's budget, so that it returns what it
   * recorded instead of being interrupted.
   */
  stopBeforeBudgetMs: 400,
} as const;

/** Why a trace ended before its step did. */
export type TraceStop = 'cap' | 'time';

export interface TraceEntry {
  /** 1-based line of the step's own code that has just run. */
  line: number;
  values?: Record<string, PlainValue>;
  /** Names whose value is not plain data, with what it is ("a function"). */
  unreadable?: Record<string, string>;
  gone?: string[];
  /** Text printed while the line ran. */
  printed?: string;
}

export interface TraceChunk {
  entries: TraceEntry[];
  stopped?: TraceStop;
}

/** Reads a chunk of a trace as hostile data; returns the checked chunk or why it is not one. */
export function readTraceChunk(raw: unknown): TraceChunk | string {
  if (!isRecord(raw) || !Array.isArray(raw.entries)) return 'trace chunk without entries';
  if (raw.entries.length > TRACE_LIMITS.chunkEntries) return `trace chunk of more than ${TRACE_LIMITS.chunkEntries} entries`;
  if (raw.stopped !== undefined && raw.stopped !== 'cap' && raw.stopped !== 'time') return 'trace chunk with an unknown stop';
  const entries: TraceEntry[] = [];
  for (const item of raw.entries) {
    const entry = readEntry(item);
    if (typeof entry === 'string') return `trace entry ${entries.length + 1}: ${entry}`;
    entries.push(entry);
  }
  return raw.stopped ? { entries, stopped: raw.stopped } : { entries };
}

function readEntry(raw: unknown): TraceEntry | string {
  if (!isRecord(raw) || !Number.isSafeInteger(raw.line) || (raw.line as number) < 1) return 'no line number';
  const entry: TraceEntry = { line: raw.line as number };
  if (raw.values !== undefined) {
    if (!isRecord(raw.values) || Object.keys(raw.values).length > TRACE_LIMITS.names) return 'values is not a map of names';
    entry.values = {};
    for (const [name, value] of Object.entries(raw.values)) {
      if (name === '__proto__') continue;
      // A value over the caps is shown as what it is, never passed on.
      const problem = plainValueProblem(value) ?? (JSON.stringify(value).length > TRACE_LIMITS.valueChars ? 'a value too large to show in the trace' : undefined);
      if (problem) (entry.unreadable ??= {})[cut(name)] = problem;
      else entry.values[cut(name)] = value as PlainValue;
    }
  }
  if (raw.unreadable !== undefined) {
    if (!isRecord(raw.unreadable) || Object.keys(raw.unreadable).length > TRACE_LIMITS.names) return 'unreadable is not a map of names';
    for (const [name, what] of Object.entries(raw.unreadable)) {
      if (typeof what !== 'string') return 'unreadable names a value without saying what it is';
      if (name !== '__proto__') (entry.unreadable ??= {})[cut(name)] = cut(what, 300);
    }
  }
  if (raw.gone !== undefined) {
    if (!Array.isArray(raw.gone) || raw.gone.length > TRACE_LIMITS.names || !raw.gone.every((name) => typeof name === 'string')) return 'gone is not a list of names';
    entry.gone = (raw.gone as string[]).map((name) => cut(name));
  }
  if (raw.printed !== undefined) {
    if (typeof raw.printed !== 'string') return 'printed is not text';
    entry.printed = raw.printed;
  }
  return entry;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function cut(text: string, limit = 200): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
