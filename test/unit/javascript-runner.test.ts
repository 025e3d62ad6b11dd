import { describe, expect, it } from 'vitest';
import { runJavaScript } from '../../src/lib/runner/javascript.ts';
import { OUTPUT_LIMITS, type StepRun, type StepSource } from '../../src/lib/runner/protocol.ts';

function run(steps: (Partial<StepSource> & { code: string })[]): StepRun[] {
  const results: StepRun[] = [];
  runJavaScript(
    steps.map((step, index) => ({ id: `s${index + 1}`, capture: [], ...step })),
    { started() {}, finished: (index, result) => (results[index] = result) },
  );
  return results;
}

describe('JavaScript runner', () => {
  it('lets later steps see earlier names, and captures values as plain data', () => {
    const [, second] = run([{ code: 'const base = [1, 2];' }, { code: 'const doubled = new Map(base.map((n) => [n, n * 2]));', capture: ['doubled', 'base'] }]);
    expect(second!.status).toBe('ok');
    expect(second!.values).toEqual({ doubled: { 1: 2, 2: 4 }, base: [1, 2] });
    expect(second!.defined).toEqual(['base', 'doubled']);
  });

  it('starts every run from an empty scope and leaves no globals behind', () => {
    run([{ code: 'globalThis.leaked = 1; const kept = 2;' }]);
    const [next] = run([{ code: 'console.log(typeof leaked, typeof kept)' }]);
    expect(next!.output).toBe('undefined undefined\n');
    const [strict] = run([{ code: 'undeclared = 5' }]);
    expect(strict!.error).toMatchObject({ kind: 'runtime', name: 'ReferenceError', line: 1 });
  });

  it('allows a later step to redeclare a name, as notebook cells do', () => {
    const [, second] = run([{ code: 'let total = 1;' }, { code: 'const total = 2;', capture: ['total'] }]);
    expect(second!.values.total).toBe(2);
  });

  it('reports syntax errors with their line and skips the steps after', () => {
    const [first, second] = run([{ code: 'const a = 1;\nconst b = {;' }, { code: 'a' }]);
    expect(first!.status).toBe('error');
    expect(first!.error).toMatchObject({ kind: 'syntax', name: 'SyntaxError', line: 2 });
    expect(second!.status).toBe('skipped');
    expect(second!.error!.message).toBe('Step 1 did not finish, so this step did not run.');
  });

  it('reports runtime errors with the line within the step', () => {
    const [, second] = run([{ code: 'const xs = [];' }, { code: '\n\nxs.nope();' }]);
    expect(second!.error).toMatchObject({ kind: 'runtime', name: 'TypeError', message: 'xs.nope is not a function', line: 3 });
  });

  it('describes thrown values that are not errors', () => {
    const [first] = run([{ code: 'throw { reason: "bad" }' }]);
    expect(first!.error!.message).toBe("A value was thrown that is not an Error: { reason: 'bad' }");
  });

  it('caps printed output and says so', () => {
    const [lines] = run([{ code: 'for (let i = 0; i < 5000; i++) console.log(i);' }]);
    expect(lines!.truncated).toBe(true);
    expect(lines!.output.split('\n')).toHaveLength(OUTPUT_LIMITS.lines + 1);
    const [bytes] = run([{ code: 'console.log("x".repeat(500000));' }]);
    expect(bytes!.truncated).toBe(true);
    expect(bytes!.output.length).toBeLessThanOrEqual(OUTPUT_LIMITS.bytes);
  });

  it('describes values it cannot send back', () => {
    const [first] = run([{ code: 'class Shop {}\nconst a = () => 1;\nconst b = [1, new Set()];\nconst c = new Shop();\nlet d;', capture: ['a', 'b', 'c', 'd'] }]);
    expect(first!.unreadable).toEqual({
      a: '`a` is a function',
      b: '`b[1]` is a Set (use an array instead)',
      c: '`c` is an instance of the class Shop (use a plain object instead)',
      d: '`d` is undefined (it has no value yet)',
    });
  });
});
