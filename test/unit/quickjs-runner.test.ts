import { getQuickJS } from 'quickjs-emscripten';
import { beforeAll, describe, expect, it } from 'vitest';
import { runJavaScript } from '../../src/lib/runner/javascript.ts';
import { OUTPUT_LIMITS, type RunObserver, type StepRun, type StepSource } from '../../src/lib/runner/protocol.ts';
import { runInQuickJS } from '../../src/sandbox/quickjs-runner.ts';

type QuickJS = Awaited<ReturnType<typeof getQuickJS>>;
let quickjs: QuickJS;

beforeAll(async () => {
  quickjs = await getQuickJS();
});

function collect(steps: (Partial<StepSource> & { code: string })[], runner: (steps: StepSource[], observer: RunObserver) => void): StepRun[] {
  const results: StepRun[] = [];
  runner(
    steps.map((step, index) => ({ id: `s${index + 1}`, capture: [], ...step })),
    { started() {}, finished: (index, result) => (results[index] = result) },
  );
  return results;
}

const inSandbox = (steps: (Partial<StepSource> & { code: string })[]) => collect(steps, (sources, observer) => runInQuickJS(quickjs, sources, observer));
const inPage = (steps: (Partial<StepSource> & { code: string })[]) => collect(steps, runJavaScript);

/** What the learner reads of a run, which must not depend on where it ran. */
const seen = (run: StepRun) => ({ status: run.status, output: run.output, truncated: run.truncated, values: run.values, unreadable: run.unreadable });

describe('the grader’s QuickJS runner reads like the page’s runner', () => {
  it('prints values the same way, and a step that prints nothing has no output', () => {
    const steps = [
      { code: "const groups = { Books: ['Alice'], 'Home & Garden': [] };", capture: ['groups'] },
      { code: "console.log('groups:', groups, new Map([['a', [1, 2]]]), new Set([1]), 2n, undefined, null);\nconsole.info([{ n: 1 }]);" },
      { code: 'const quiet = 1;', capture: ['quiet'] },
    ];
    const sandbox = inSandbox(steps);
    expect(sandbox.map(seen)).toEqual(inPage(steps).map(seen));
    expect(sandbox[1]!.output).toBe("groups: { Books: [ 'Alice' ], 'Home & Garden': [] } Map(1) { 'a' => [ 1, 2 ] } Set(1) { 1 } 2n undefined null\n[ { n: 1 } ]\n");
    expect(sandbox[2]).toMatchObject({ output: '', truncated: false });
  });

  it('caps printed output at the same place and says so', () => {
    for (const code of ['for (let i = 0; i < 5000; i++) console.log(i);', 'console.log("x".repeat(500000));']) {
      const [sandbox] = inSandbox([{ code }]);
      expect(seen(sandbox!)).toEqual(seen(inPage([{ code }])[0]!));
      expect(sandbox!.truncated).toBe(true);
      expect(sandbox!.output.length).toBeLessThanOrEqual(OUTPUT_LIMITS.bytes);
    }
  });

  it('describes a thrown value that is not an Error, and values it cannot send back, in the same words', () => {
    const [thrown] = inSandbox([{ code: 'throw { reason: "bad" }' }]);
    expect(thrown!.error!.message).toBe("A value was thrown that is not an Error: { reason: 'bad' }");
    const unreadable = [{ code: 'class Shop {}\nconst a = () => 1;\nconst b = [1, new Set()];\nconst c = new Shop();\nlet d;', capture: ['a', 'b', 'c', 'd'] }];
    expect(inSandbox(unreadable)[0]!.unreadable).toEqual(inPage(unreadable)[0]!.unreadable);
  });

  it('keeps what a step printed before it failed', () => {
    const steps = [{ code: "console.log('before');\nnull.x;" }];
    const [sandbox] = inSandbox(steps);
    expect(sandbox).toMatchObject({ status: 'error', output: 'before\n', truncated: false });
  });
});
