import { afterAll, describe, expect, it } from 'vitest';
import { RunnerHost } from '../../src/lib/runner/host.ts';
import { nodeWorkerFactory } from '../../src/cli/node-runners.ts';

const host = new RunnerHost(nodeWorkerFactory('python'));
afterAll(() => host.dispose());

describe('Python in a sandbox process (the CLI)', () => {
  it('reports loading progress while its interpreter boots, then runs', async () => {
    const loading: string[] = [];
    const [result] = await host.run([{ id: 'a', code: 'x = 40 + 2', capture: ['x'] }], { onLoading: (message) => loading.push(message) });
    expect(result).toMatchObject({ status: 'ok', values: { x: 42 } });
    expect(loading.length).toBeGreaterThan(0);
  }, 60_000);

  it('stops an endless loop at the budget as a timeout, and the next run gets an interpreter of its own', async () => {
    const results = await host.run(
      [
        { id: 'a', code: 'import builtins\nbuiltins.abs = lambda value: 99\nx = 1', capture: ['x'] },
        { id: 'b', code: 'while True:\n    x += 1', capture: [] },
        { id: 'c', code: 'y = 2', capture: [] },
      ],
      { budgetMs: 500 },
    );
    expect(results.map((result) => result.status), JSON.stringify(results[1])).toEqual(['ok', 'timeout', 'skipped']);
    expect(results[1]!.error?.message).toBe('Stopped after 0.5 seconds.');
    // Nothing of the last run is there: not its names, not its patch of a built-in.
    const [next] = await host.run([{ id: 'a', code: 'n = abs(-2)\nprint(x)', capture: ['n'] }]);
    expect(next).toMatchObject({ status: 'error', error: { name: 'NameError' } });
    const [fresh] = await host.run([{ id: 'a', code: 'n = abs(-2)', capture: ['n'] }]);
    expect(fresh).toMatchObject({ status: 'ok', values: { n: 2 } });
  }, 60_000);

  it('imports from the whole standard library, though it starts with only part of it', async () => {
    // html and email are in the second zip; latin_1 is a module of a package (encodings) whose
    // other modules are in the first; statistics and difflib are in the first.
    const code = [
      'import difflib, html, statistics',
      'from email.utils import parseaddr',
      "ratio = round(difflib.SequenceMatcher(None, 'Books', 'Book').ratio(), 2)",
      "escaped = html.escape('<Books>')",
      "address = parseaddr('Alice <alice@example.com>')[1]",
      "latin = list('é'.encode('latin-1'))",
      'mean = statistics.mean([1, 2, 3])',
    ].join('\n');
    const [result] = await host.run([{ id: 'a', code, capture: ['ratio', 'escaped', 'address', 'latin', 'mean'] }]);
    expect(result, JSON.stringify(result.error)).toMatchObject({ status: 'ok', values: { ratio: 0.89, escaped: '&lt;Books&gt;', address: 'alice@example.com', latin: [233], mean: 2 } });
    // A module that is in neither fails as it would anywhere.
    const [missing] = await host.run([{ id: 'a', code: 'import no_such_module', capture: [] }]);
    expect(missing).toMatchObject({ status: 'error', error: { name: 'ModuleNotFoundError' } });
  }, 60_000);
});
