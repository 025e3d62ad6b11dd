import { describe, expect, it } from 'vitest';
import { nodeWorkerFactory } from '../../src/cli/node-runners.ts';
import { RunnerHost } from '../../src/lib/runner/host.ts';

describe('runner host with a real worker thread', () => {
  it('stops an infinite loop at the budget, reports a timeout, and runs again afterwards', async () => {
    const host = new RunnerHost(nodeWorkerFactory('javascript')!);
    try {
      const started = performance.now();
      const runs = await host.run(
        [
          { id: 'a', code: 'const ok = 1;', capture: ['ok'] },
          { id: 'b', code: 'while (true) {}', capture: [] },
          { id: 'c', code: 'const after = 2;', capture: [] },
        ],
        { budgetMs: 500 },
      );
      expect(performance.now() - started).toBeLessThan(3000);
      expect(runs.map((run) => run.status)).toEqual(['ok', 'timeout', 'skipped']);
      expect(runs[0]!.values).toEqual({ ok: 1 });
      const [again] = await host.run([{ id: 'a', code: 'const x = 40 + 2;', capture: ['x'] }]);
      expect(again!.values).toEqual({ x: 42 });
    } finally {
      host.dispose();
    }
  });
});
