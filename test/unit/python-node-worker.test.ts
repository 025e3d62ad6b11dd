import { afterAll, describe, expect, it } from 'vitest';
import { RunnerHost } from '../../src/lib/runner/host.ts';
import { nodeWorkerFactory } from '../../src/cli/node-runners.ts';

const host = new RunnerHost(nodeWorkerFactory('python')!);
afterAll(() => host.dispose());

describe('Python in a Node worker thread', () => {
  it('reports loading progress, then runs', async () => {
    const loading: string[] = [];
    const [result] = await host.run([{ id: 'a', code: 'x = 40 + 2', capture: ['x'] }], { onLoading: (message) => loading.push(message) });
    expect(result).toMatchObject({ status: 'ok', values: { x: 42 } });
    expect(loading.length).toBeGreaterThan(0);
  }, 60_000);

  it('interrupts an endless loop as a timeout and keeps the interpreter for the next run', async () => {
    const started = performance.now();
    const results = await host.run(
      [
        { id: 'a', code: 'x = 1', capture: ['x'] },
        { id: 'b', code: 'while True:\n    x += 1', capture: [] },
        { id: 'c', code: 'y = 2', capture: [] },
      ],
      { budgetMs: 500 },
    );
    expect(results.map((result) => result.status)).toEqual(['ok', 'timeout', 'skipped']);
    expect(performance.now() - started).toBeLessThan(800);
    const loading: string[] = [];
    const [next] = await host.run([{ id: 'a', code: 'x = 3', capture: ['x'] }], { onLoading: (message) => loading.push(message) });
    expect(next).toMatchObject({ status: 'ok', values: { x: 3 } });
    expect(loading).toEqual([]);
  }, 60_000);
});
