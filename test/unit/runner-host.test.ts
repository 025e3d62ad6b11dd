import { describe, expect, it } from 'vitest';
import { nodeWorkerFactory } from '../../src/cli/node-runners.ts';
import { RunnerHost, type WorkerPort } from '../../src/lib/runner/host.ts';
import type { RunnerMessage } from '../../src/lib/runner/protocol.ts';

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

describe('runner host and a runtime that takes time to start', () => {
  /** A worker whose runtime is still booting: it reports progress but reads no run until told. */
  function bootingWorker() {
    let listener: (message: RunnerMessage) => void = () => {};
    const runs: number[] = [];
    const port: WorkerPort = {
      post: (message) => runs.push((message as { runId: number }).runId),
      onMessage: (l) => (listener = l),
      onError: () => {},
      terminate: () => {},
    };
    return { port, runs, send: (message: RunnerMessage) => listener(message) };
  }

  it('tells a run that starts during the boot what the runtime is doing, without waiting for the worker', async () => {
    const worker = bootingWorker();
    const host = new RunnerHost(() => worker.port);
    host.warmUp();
    worker.send({ type: 'loading', message: 'Downloading…' });
    const seen: string[] = [];
    const finished = host.run([{ id: 'a', code: '', capture: [] }], { onLoading: (message) => seen.push(message) });
    expect(seen).toEqual(['Downloading…']);
    worker.send({ type: 'loading', message: 'Preparing…' });
    expect(seen).toEqual(['Downloading…', 'Preparing…']);
    worker.send({ type: 'ready' });
    worker.send({ type: 'done', runId: worker.runs[0]! });
    await finished;

    const later: string[] = [];
    const next = host.run([{ id: 'a', code: '', capture: [] }], { onLoading: (message) => later.push(message) });
    worker.send({ type: 'done', runId: worker.runs[1]! });
    await next;
    expect(later).toEqual([]);
  });
});
