import { readTraceChunk } from '../trace/schema.ts';
import { MESSAGE_LIMITS, OUTPUT_LIMITS, type PlainValue, type RunError, type RunnerMessage, type StepRun } from './protocol.ts';

/**
 * Reads a message from a runner as hostile data: learner code may have run in the same realm
 * and sent anything. Returns the message rebuilt from checked fields only (nothing else of the
 * object is kept), or a reason why it is not a runner message. Text is cut to
 * {@link MESSAGE_LIMITS}; a captured value that is too deep or too large becomes unreadable.
 */
export function readRunnerMessage(raw: unknown): RunnerMessage | { invalid: string } {
  if (!isRecord(raw)) return { invalid: 'not an object' };
  switch (raw.type) {
    case 'loading':
      return typeof raw.message === 'string' ? { type: 'loading', message: cut(raw.message, 200) } : { invalid: 'loading without a message' };
    case 'ready':
      return { type: 'ready' };
    case 'done':
      return isCount(raw.runId) ? { type: 'done', runId: raw.runId } : { invalid: 'done without a run id' };
    case 'step-started':
      return isCount(raw.runId) && isCount(raw.index) ? { type: 'step-started', runId: raw.runId, index: raw.index } : { invalid: 'step-started without run id and index' };
    case 'step-finished': {
      if (!isCount(raw.runId) || !isCount(raw.index)) return { invalid: 'step-finished without run id and index' };
      const result = readStepRun(raw.result);
      return typeof result === 'string' ? { invalid: `step-finished: ${result}` } : { type: 'step-finished', runId: raw.runId, index: raw.index, result };
    }
    case 'trace': {
      if (!isCount(raw.runId)) return { invalid: 'trace without a run id' };
      const chunk = readTraceChunk(raw.chunk);
      return typeof chunk === 'string' ? { invalid: chunk } : { type: 'trace', runId: raw.runId, chunk };
    }
    default:
      return { invalid: 'unknown message type' };
  }
}

const STATUSES = new Set<StepRun['status']>(['ok', 'error', 'timeout', 'skipped']);
const ERROR_KINDS = new Set<RunError['kind']>(['syntax', 'runtime', 'timeout', 'skipped']);

function readStepRun(raw: unknown): StepRun | string {
  if (!isRecord(raw)) return 'result is not an object';
  if (typeof raw.id !== 'string' || !STATUSES.has(raw.status as StepRun['status'])) return 'result without id or status';
  if (typeof raw.output !== 'string' || typeof raw.truncated !== 'boolean') return 'result without output';
  if (!isRecord(raw.values) || !isRecord(raw.unreadable) || !Array.isArray(raw.defined)) return 'result without values';
  const output = raw.output.length > OUTPUT_LIMITS.bytes ? raw.output.slice(0, OUTPUT_LIMITS.bytes) : raw.output;
  const run: StepRun = {
    id: cut(raw.id, 200),
    status: raw.status as StepRun['status'],
    output,
    truncated: raw.truncated || output !== raw.output,
    values: {},
    unreadable: {},
    defined: raw.defined.filter((name): name is string => typeof name === 'string').slice(0, MESSAGE_LIMITS.names).map((name) => cut(name, 200)),
  };
  for (const [name, what] of Object.entries(raw.unreadable).slice(0, MESSAGE_LIMITS.names)) {
    if (typeof what === 'string' && name !== '__proto__') run.unreadable[cut(name, 200)] = cut(what, 500);
  }
  for (const [name, value] of Object.entries(raw.values).slice(0, MESSAGE_LIMITS.names)) {
    if (name === '__proto__') continue;
    const problem = plainValueProblem(value);
    if (problem) run.unreadable[name] = `\`${name}\` is ${problem}`;
    else run.values[name] = value as PlainValue;
  }
  if (raw.error !== undefined) {
    const error = readError(raw.error);
    if (typeof error === 'string') return error;
    run.error = error;
  }
  return run;
}

function readError(raw: unknown): RunError | string {
  if (!isRecord(raw) || !ERROR_KINDS.has(raw.kind as RunError['kind']) || typeof raw.name !== 'string' || typeof raw.message !== 'string') {
    return 'error without kind, name and message';
  }
  const error: RunError = { kind: raw.kind as RunError['kind'], name: cut(raw.name, 100), message: cut(raw.message, MESSAGE_LIMITS.errorChars) };
  if (isCount(raw.line)) error.line = raw.line;
  if (isCount(raw.column)) error.column = raw.column;
  if (typeof raw.traceback === 'string') error.traceback = cut(raw.traceback, MESSAGE_LIMITS.errorChars);
  return error;
}

/**
 * Why a value is not plain data within the caps, or undefined when it is. Walks the value with
 * its own stack, so that a value nested 100,000 deep costs a loop, not the host's call stack.
 */
export function plainValueProblem(value: unknown): string | undefined {
  const pending: [unknown, number][] = [[value, 0]];
  let size = 0;
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (depth > MESSAGE_LIMITS.valueDepth) return `a value nested more than ${MESSAGE_LIMITS.valueDepth} levels deep`;
    if (item === null || typeof item === 'boolean') size += 5;
    else if (typeof item === 'number') {
      if (!Number.isFinite(item)) return 'a number that is not finite';
      size += 12;
    } else if (typeof item === 'string') size += item.length + 2;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      for (const element of item) pending.push([element, depth + 1]);
    } else if (isRecord(item)) {
      for (const [key, element] of Object.entries(item)) {
        size += key.length + 4;
        pending.push([element, depth + 1]);
      }
    } else return 'not plain data';
    if (size > MESSAGE_LIMITS.valueChars) return `a value larger than ${MESSAGE_LIMITS.valueChars / 1000} KB of data`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function cut(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
