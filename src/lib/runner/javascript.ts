import { formatLogArguments } from './console-format.ts';
import { parseScript, topLevelNames } from './javascript-syntax.ts';
import { OutputBuffer } from './output.ts';
import { toPlainData } from './plain-data.ts';
import { postingObserver, runInOrder, type PlainValue, type RunError, type RunnerMessage, type RunObserver, type RunRequest, type StepRun, type StepSource } from './protocol.ts';

/**
 * `new Function` puts two lines ("function anonymous(…" and ") {") before the body; the
 * body starts with "use strict" on the learner's first line, so only those two lines shift.
 */
const HEADER_LINES = 2;

/**
 * Runs steps 1..N of a learner's JavaScript with notebook semantics: every call starts from an
 * empty scope, each step sees the names earlier steps declared, and nothing else survives.
 * Strict mode turns an assignment to an undeclared name into an error instead of a hidden
 * global that would leak into the next run.
 */
export function runJavaScript(steps: StepSource[], observer: RunObserver): void {
  const scope = new Map<string, unknown>();
  const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));
  try {
    runInOrder(steps, observer, (step) => runStep(step, scope));
  } finally {
    for (const name of Object.getOwnPropertyNames(globalThis)) {
      if (!globalsBefore.has(name)) delete (globalThis as Record<string, unknown>)[name];
    }
  }
}

function runStep(step: StepSource, scope: Map<string, unknown>): StepRun {
  const output = new OutputBuffer();
  const base = { id: step.id, values: {}, unreadable: {}, defined: [...scope.keys()] };
  const finish = (status: StepRun['status'], error?: RunError): StepRun => ({
    ...base,
    ...(status === 'ok' ? capture(step.capture, scope) : {}),
    defined: [...scope.keys()],
    status,
    output: output.toString(),
    truncated: output.truncated,
    ...(error ? { error } : {}),
  });

  const parsed = parseScript(step.code);
  if (!parsed.ok) {
    return finish('error', { kind: 'syntax', name: 'SyntaxError', message: parsed.message, line: parsed.line, column: parsed.column });
  }
  const declared = topLevelNames(parsed.program);
  const inherited = [...scope.keys()].filter((name) => !declared.includes(name) && name !== 'console');
  const learnerConsole = makeConsole(output);

  let compiled: (...args: unknown[]) => Record<string, unknown>;
  try {
    compiled = new Function(...inherited, 'console', `"use strict";${step.code}\n;return {${declared.join(',')}};`) as typeof compiled;
  } catch (error) {
    return finish('error', { kind: 'syntax', ...describeError(error) });
  }
  try {
    const names = compiled(...inherited.map((name) => scope.get(name)), learnerConsole);
    for (const name of declared) scope.set(name, names[name]);
    return finish('ok');
  } catch (error) {
    return finish('error', { kind: 'runtime', ...describeError(error) });
  }
}

function capture(names: string[], scope: Map<string, unknown>): Pick<StepRun, 'values' | 'unreadable'> {
  const values: Record<string, PlainValue> = {};
  const unreadable: Record<string, string> = {};
  for (const name of names) {
    if (!scope.has(name)) continue;
    const converted = toPlainData(scope.get(name));
    if (converted.ok) values[name] = converted.value;
    else unreadable[name] = converted.at ? `\`${name}${converted.at}\` is ${converted.what}` : `\`${name}\` is ${converted.what}`;
  }
  return { values, unreadable };
}

function makeConsole(output: OutputBuffer): Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'> {
  const write = (...args: unknown[]) => output.write(`${formatLogArguments(args)}\n`);
  return { log: write, info: write, warn: write, error: write, debug: write };
}

function describeError(error: unknown): Omit<RunError, 'kind'> {
  if (!(error instanceof Error)) return { name: 'Error', message: `A value was thrown that is not an Error: ${formatLogArguments([error])}` };
  const described: Omit<RunError, 'kind'> = { name: error.name, message: error.message };
  // The innermost frame of the learner's code is the first "<anonymous>:line:column".
  const position = /<anonymous>:(\d+):(\d+)/.exec(error.stack ?? '');
  if (position) {
    const line = Number(position[1]) - HEADER_LINES;
    if (line >= 1) {
      described.line = line;
      described.column = Number(position[2]) - (line === 1 ? '"use strict";'.length : 0);
    }
  }
  return described;
}

/** The body of a JavaScript worker, the same in a browser Worker and a Node worker thread. */
export function serveJavaScript(post: (message: RunnerMessage) => void): (request: RunRequest) => void {
  return (request) => {
    if (request.type !== 'run') return;
    const { runId } = request;
    runJavaScript(request.steps, postingObserver(runId, post));
    post({ type: 'done', runId });
  };
}
