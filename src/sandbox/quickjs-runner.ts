import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { shouldInterruptAfterDeadline, type QuickJSContext, type QuickJSWASMModule } from 'quickjs-emscripten';
import { parseScript, topLevelNames } from '../lib/runner/javascript-syntax.ts';
import { readRunnerMessage } from '../lib/runner/messages.ts';
import { MESSAGE_LIMITS, OUTPUT_LIMITS, RUN_BUDGET_MS, runInOrder, skippedStep, unfinishedStep, type RunObserver, type StepRun, type StepSource } from '../lib/runner/protocol.ts';

/** Memory and native stack of one run's QuickJS runtime: a runaway allocation or recursion ends there. */
const RUN_MEMORY_BYTES = 64 * 1024 * 1024;
const RUN_STACK_BYTES = 256 * 1024;

/**
 * The browser runner's own formatting and data conversion (console-format.ts, output.ts,
 * plain-data.ts), as script for QuickJS, so that printed values and "cannot be read" messages
 * read the same from the command line as in the page (quickjs-runner.test.ts).
 */
function sharedSource(files: string[]): string {
  return files
    .map((file) => stripTypeScriptTypes(readFileSync(new URL(`../lib/runner/${file}`, import.meta.url), 'utf8')))
    .join('\n')
    .replace(/^import .*$/gm, '')
    .replace(/^export /gm, '');
}

/**
 * Runs inside QuickJS, the learner's code beside it: whatever it returns is data the sandbox
 * checks again, so the learner patching anything here only changes their own answers.
 */
const STEP_RUNNER = `
const LIMITS = ${JSON.stringify(MESSAGE_LIMITS)};
let printing;
function printer() {
  return (printing ??= new Function(PRINTING + '\\n;return { formatLogArguments, OutputBuffer };')());
}
const scope = new Map();
function describe(error, kind) {
  if (!(error instanceof Error)) return { kind, name: 'Error', message: 'A value was thrown that is not an Error: ' + printer().formatLogArguments([error]) };
  let name = String(error.name), message = String(error.message);
  if (name === 'ReferenceError') message = message.replace(/^'(.*)' is not defined$/, '$1 is not defined');
  if (message === 'stack overflow') { name = 'RangeError'; message = 'Maximum call stack size exceeded'; }
  if (message === 'out of memory') message = 'out of memory: your code asked for more memory than it may use (look for a very large array or a loop that keeps adding)';
  const described = { kind, name: name.slice(0, 100), message: message.slice(0, LIMITS.errorChars) };
  const position = /<input>:(\\d+):(\\d+)/.exec(String(error.stack).slice(0, 2000));
  if (position && Number(position[1]) - 2 >= 1) {
    described.line = Number(position[1]) - 2;
    described.column = Number(position[2]) - (described.line === 1 ? 13 : 0);
  }
  return described;
}
globalThis.__stepwiseStep = (request) => {
  let output;
  const write = (...args) => { const { formatLogArguments, OutputBuffer } = printer(); (output ??= new OutputBuffer()).write(formatLogArguments(args) + '\\n'); };
  const learnerConsole = { log: write, info: write, warn: write, error: write, debug: write };
  const inherited = [...scope.keys()].filter((name) => !request.declared.includes(name) && name !== 'console');
  const result = { status: 'ok', values: {}, unreadable: {} };
  let compiled;
  try {
    compiled = new Function(...inherited, 'console', '"use strict";' + request.code + '\\n;return {' + request.declared.join(',') + '};');
  } catch (error) {
    Object.assign(result, { status: 'error', error: describe(error, 'syntax') });
  }
  if (compiled) {
    try {
      const names = compiled(...inherited.map((name) => scope.get(name)), learnerConsole);
      for (const name of request.declared) scope.set(name, names[name]);
    } catch (error) {
      Object.assign(result, { status: 'error', error: describe(error, 'runtime') });
    }
  }
  if (result.status === 'ok') {
    for (const name of request.capture) {
      if (!scope.has(name)) continue;
      try {
        const converted = toPlainData(scope.get(name));
        const text = converted.ok ? JSON.stringify(converted.value) : undefined;
        if (!converted.ok) result.unreadable[name] = '\`' + name + converted.at + '\` is ' + converted.what;
        else if (text.length > LIMITS.valueChars) result.unreadable[name] = '\`' + name + '\` is a value larger than ' + LIMITS.valueChars / 1000 + ' KB of data';
        else result.values[name] = converted.value;
      } catch (error) {
        result.unreadable[name] = '\`' + name + '\` is a value nested too deeply to read';
      }
    }
  }
  result.output = output ? output.toString() : '';
  result.truncated = output ? output.truncated : false;
  result.defined = [...scope.keys()].slice(0, LIMITS.names);
  return JSON.stringify(result);
};
`;

let prelude: string | undefined;

/**
 * Runs steps 1..N in a fresh QuickJS runtime: no host object of any kind (no file, network,
 * process or timer), a memory cap, a native stack cap, and a deadline for the whole run that
 * the learner's code cannot catch. Nothing survives the call.
 */
export function runInQuickJS(quickjs: QuickJSWASMModule, steps: StepSource[], observer: RunObserver, budgetMs = RUN_BUDGET_MS): void {
  // Every run compiles the prelude anew in its fresh runtime. The printing part is kept as a
  // string and compiled on the first print: most submissions print nothing, and this made a run
  // of the reference solution 13 % cheaper (in turns, same process).
  prelude ??= `const PRINTING = ${JSON.stringify(`const OUTPUT_LIMITS = ${JSON.stringify(OUTPUT_LIMITS)};\n${sharedSource(['console-format.ts', 'output.ts'])}`)};\n${sharedSource(['plain-data.ts'])}\n${STEP_RUNNER}`;
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(RUN_MEMORY_BYTES);
  runtime.setMaxStackSize(RUN_STACK_BYTES);
  const context = runtime.newContext();
  try {
    const loaded = context.evalCode(prelude, 'stepwise.js');
    if (loaded.error) throw new Error(`the runner could not start: ${JSON.stringify(context.dump(loaded.error)).slice(0, 300)}`);
    loaded.value.dispose();
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + budgetMs));
    // Steps after a timeout are skipped because of it, as when the host stops a worker.
    let timedOutAt = -1;
    const reporting: RunObserver = {
      started: (index) => observer.started(index),
      finished: (index, result) => {
        if (result.status === 'timeout') timedOutAt = index;
        observer.finished(index, timedOutAt !== -1 && index > timedOutAt ? skippedStep(result.id, timedOutAt, 'Timeout') : result);
      },
    };
    runInOrder(steps, reporting, (step) => runStep(context, step, budgetMs));
  } finally {
    context.dispose();
    runtime.dispose();
  }
}

function runStep(context: QuickJSContext, step: StepSource, budgetMs: number): StepRun {
  const parsed = parseScript(step.code);
  const base = { id: step.id, output: '', truncated: false, values: {}, unreadable: {}, defined: [] };
  if (!parsed.ok) {
    return { ...base, status: 'error', error: { kind: 'syntax', name: 'SyntaxError', message: parsed.message, line: parsed.line, column: parsed.column } };
  }
  const request = JSON.stringify({ code: step.code, declared: topLevelNames(parsed.program), capture: step.capture });
  const answer = context.evalCode(`__stepwiseStep(${request})`, 'step.js');
  if (answer.error) {
    const error = context.dump(answer.error) as { name?: unknown; message?: unknown } | undefined;
    answer.error.dispose();
    if (error?.message === 'interrupted') {
      return unfinishedStep(step.id, 'timeout', { kind: 'timeout', name: 'Timeout', message: `Stopped after ${budgetMs / 1000} seconds.` });
    }
    const message = error?.message === 'out of memory' ? 'out of memory: your code asked for more memory than it may use' : `the runner stopped: ${String(error?.message).slice(0, 300)}`;
    return { ...base, status: 'error', error: { kind: 'runtime', name: 'InternalError', message } };
  }
  const text = context.getString(answer.value);
  answer.value.dispose();
  let result: Omit<StepRun, 'id'>;
  try {
    result = JSON.parse(text);
  } catch {
    return { ...base, status: 'error', error: { kind: 'runtime', name: 'InternalError', message: 'the step answered with something that is not data' } };
  }
  // Code that patched the step runner (JSON.stringify, say) may have made this answer up: it
  // is checked here, so that a bad one fails this step only, and again by the host.
  const checked = readRunnerMessage({ type: 'step-finished', runId: 0, index: 0, result: { ...result, id: step.id } });
  if ('invalid' in checked || checked.type !== 'step-finished') {
    return { ...base, status: 'error', error: { kind: 'runtime', name: 'InternalError', message: 'the step answered with something that is not a valid result (did the code replace a built-in such as JSON.stringify?)' } };
  }
  return checked.result;
}
