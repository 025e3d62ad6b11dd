import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeWorkerFactory } from '../../src/cli/node-runners.ts';
import { RunnerHost, type WorkerPort } from '../../src/lib/runner/host.ts';
import type { RunnerMessage } from '../../src/lib/runner/protocol.ts';
import { heldUntilHeard } from '../../src/client/worker-port.ts';

describe('runner host with a real JavaScript sandbox', () => {
  it('stops an infinite loop at the budget, reports a timeout, and runs again afterwards', async () => {
    const host = new RunnerHost(nodeWorkerFactory('javascript'));
    try {
      // The sandbox process starts first, so that the time measured is the run's.
      await host.run([{ id: 'a', code: '', capture: [] }]);
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
    let listener: (message: unknown) => void = () => {};
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

describe('a runner host taking over a worker started before it (the page starts Python ahead of the runner code)', () => {
  /** A worker that talks before anyone listens, as the Python worker does while it boots. */
  function earlyWorker() {
    let say: (message: unknown) => void = () => {};
    let fail: (error: Error) => void = () => {};
    const posted: unknown[] = [];
    let terminated = 0;
    const raw: WorkerPort = {
      post: (message) => posted.push(message),
      onMessage: (listener) => (say = listener),
      onError: (listener) => (fail = listener),
      terminate: () => void terminated++,
    };
    return { port: heldUntilHeard(raw), say: (message: RunnerMessage) => say(message), fail: (error: Error) => fail(error), posted, terminated: () => terminated };
  }
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('hears the progress it missed: a run started during the boot is told Python is loading', async () => {
    const worker = earlyWorker();
    worker.say({ type: 'loading', message: 'Downloading Python…' });
    const host = new RunnerHost(() => worker.port);
    host.warmUp();
    await tick();
    const seen: string[] = [];
    const finished = host.run([{ id: 'a', code: '', capture: [] }], { onLoading: (message) => seen.push(message) });
    expect(seen).toEqual(['Downloading Python…']);
    worker.say({ type: 'ready' });
    worker.say({ type: 'done', runId: (worker.posted[0] as { runId: number }).runId });
    await finished;
  });

  it('hears that the boot ended before it came: a run then is not told of any loading', async () => {
    const worker = earlyWorker();
    worker.say({ type: 'loading', message: 'Downloading Python…' });
    worker.say({ type: 'ready' });
    const host = new RunnerHost(() => worker.port);
    host.warmUp();
    await tick();
    const seen: string[] = [];
    const finished = host.run([{ id: 'a', code: '', capture: [] }], { onLoading: (message) => seen.push(message) });
    worker.say({ type: 'done', runId: (worker.posted[0] as { runId: number }).runId });
    await finished;
    expect(seen).toEqual([]);
  });

  it('hears that the worker failed before it came, and runs on a new one', async () => {
    const broken = earlyWorker();
    broken.fail(new Error('the worker script could not load'));
    const fresh = earlyWorker();
    const made = [broken, fresh];
    const host = new RunnerHost(() => made.shift()!.port);
    host.warmUp();
    await tick();
    expect(broken.terminated()).toBe(1);
    const finished = host.run([{ id: 'a', code: 'x = 1', capture: ['x'] }]);
    expect(broken.posted).toEqual([]);
    expect(fresh.posted).toHaveLength(1);
    fresh.say({ type: 'done', runId: (fresh.posted[0] as { runId: number }).runId });
    await finished;
  });
});

describe('runner host state per run', () => {
  /** A worker that answers only when told, so that a test can interleave runs. */
  function manualWorker() {
    let listener: (message: unknown) => void = () => {};
    let exit: (reason: string) => void = () => {};
    const runs: number[] = [];
    let terminated = 0;
    const port: WorkerPort = {
      post: (message) => runs.push((message as { runId: number }).runId),
      onMessage: (l) => (listener = l),
      onError: () => {},
      onExit: (l) => (exit = l),
      terminate: () => void (terminated += 1),
    };
    return { port, runs, send: (message: unknown) => listener(message), exit: (reason: string) => exit(reason), terminated: () => terminated };
  }
  const ok = (id: string, value: number) => ({ id, status: 'ok', output: '', truncated: false, values: { v: value }, unreadable: {}, defined: ['v'] });

  it('resolves overlapping runs each with its own results, whatever order they end in', async () => {
    const worker = manualWorker();
    const host = new RunnerHost(() => worker.port);
    const first = host.run([{ id: 'a', code: '', capture: ['v'] }]);
    const second = host.run([{ id: 'a', code: '', capture: ['v'] }]);
    const [one, two] = worker.runs as [number, number];
    worker.send({ type: 'step-started', runId: two, index: 0 });
    worker.send({ type: 'step-finished', runId: two, index: 0, result: ok('a', 2) });
    worker.send({ type: 'done', runId: two });
    worker.send({ type: 'step-started', runId: one, index: 0 });
    worker.send({ type: 'step-finished', runId: one, index: 0, result: ok('a', 1) });
    worker.send({ type: 'done', runId: one });
    expect((await first)[0]!.values).toEqual({ v: 1 });
    expect((await second)[0]!.values).toEqual({ v: 2 });
  });

  it('ends a worker that sends something that is not a runner message, with a reason for the running step', async () => {
    const worker = manualWorker();
    const host = new RunnerHost(() => worker.port);
    const run = host.run([
      { id: 'a', code: '', capture: [] },
      { id: 'b', code: '', capture: [] },
    ]);
    worker.send({ type: 'step-started', runId: worker.runs[0], index: 0 });
    worker.send({ type: 'step-finished', runId: worker.runs[0], index: 0, result: { ...ok('a', 1), status: 'pass' } });
    const [a, b] = await run;
    expect(a).toMatchObject({ status: 'error', error: { name: 'SandboxError' } });
    expect(a!.error!.message).toContain('not a valid answer');
    expect(b!.status).toBe('skipped');
    expect(worker.terminated()).toBe(1);
  });

  it('turns a worker that dies mid-run into an error for that step, and starts a new one for the next run', async () => {
    const workers = [manualWorker(), manualWorker()];
    let made = 0;
    const host = new RunnerHost(() => workers[made++]!.port);
    const run = host.run([{ id: 'a', code: '', capture: [] }]);
    workers[0]!.send({ type: 'step-started', runId: workers[0]!.runs[0], index: 0 });
    workers[0]!.exit('the sandbox running the code was killed');
    expect((await run)[0]).toMatchObject({ status: 'error', error: { message: 'the sandbox running the code was killed' } });
    const next = host.run([{ id: 'a', code: '', capture: ['v'] }]);
    workers[1]!.send({ type: 'step-finished', runId: workers[1]!.runs[0], index: 0, result: ok('a', 3) });
    workers[1]!.send({ type: 'done', runId: workers[1]!.runs[0] });
    expect((await next)[0]!.values).toEqual({ v: 3 });
  });

  describe('shared by several students, their runs queued in one worker', () => {
    it('takes nobody else’s run down with a worker that one student’s code ended', async () => {
      // Attack: the first student's code ends the runner (killed over memory, say). The second
      // student's run, queued behind it and not begun, goes to a fresh worker for its own result.
      const workers = [manualWorker(), manualWorker()];
      let made = 0;
      const host = new RunnerHost(() => workers[made++]!.port);
      const attacker = host.run([{ id: 'a', code: '', capture: [] }]);
      const honest = host.run([{ id: 'a', code: '', capture: ['v'] }]);
      expect(workers[0]!.runs).toHaveLength(2);
      workers[0]!.send({ type: 'step-started', runId: workers[0]!.runs[0], index: 0 });
      workers[0]!.exit('the code used more than 768 MB of memory, so it was stopped');
      expect((await attacker)[0]).toMatchObject({ status: 'error', error: { name: 'SandboxError' } });
      expect(workers[1]!.runs).toEqual([workers[0]!.runs[1]]);
      workers[1]!.send({ type: 'step-started', runId: workers[1]!.runs[0], index: 0 });
      workers[1]!.send({ type: 'step-finished', runId: workers[1]!.runs[0], index: 0, result: ok('a', 3) });
      workers[1]!.send({ type: 'done', runId: workers[1]!.runs[0] });
      expect((await honest)[0]).toMatchObject({ status: 'ok', values: { v: 3 } });
    });

    it('takes nobody else’s run down with a worker stopped for a runaway loop', async () => {
      vi.useFakeTimers();
      try {
        const workers = [manualWorker(), manualWorker()];
        let made = 0;
        const host = new RunnerHost(() => workers[made++]!.port);
        const looping = host.run([{ id: 'a', code: '', capture: [] }], { budgetMs: 500 });
        const honest = host.run([{ id: 'a', code: '', capture: ['v'] }], { budgetMs: 500 });
        workers[0]!.send({ type: 'step-started', runId: workers[0]!.runs[0], index: 0 });
        await vi.advanceTimersByTimeAsync(600);
        expect((await looping)[0]!.status).toBe('timeout');
        expect(workers[0]!.terminated()).toBe(1);
        // The queued run's budget starts when the new worker begins it, not before.
        await vi.advanceTimersByTimeAsync(2000);
        workers[1]!.send({ type: 'step-started', runId: workers[1]!.runs[0], index: 0 });
        workers[1]!.send({ type: 'step-finished', runId: workers[1]!.runs[0], index: 0, result: ok('a', 4) });
        workers[1]!.send({ type: 'done', runId: workers[1]!.runs[0] });
        expect((await honest)[0]).toMatchObject({ status: 'ok', values: { v: 4 } });
      } finally {
        vi.useRealTimers();
      }
    });

    it('sends a run again once only: a worker that dies before it begins anything fails it', async () => {
      const workers = [manualWorker(), manualWorker(), manualWorker()];
      let made = 0;
      const host = new RunnerHost(() => workers[made++]!.port);
      const run = host.run([{ id: 'a', code: '', capture: [] }]);
      workers[0]!.exit('the sandbox could not start (spawn bwrap ENOENT)');
      workers[1]!.exit('the sandbox could not start (spawn bwrap ENOENT)');
      expect((await run)[0]).toMatchObject({ status: 'error', error: { message: 'the sandbox could not start (spawn bwrap ENOENT)' } });
      expect(made).toBe(2);
    });

    it('sends nothing again once it is closed', async () => {
      const workers = [manualWorker(), manualWorker()];
      let made = 0;
      const host = new RunnerHost(() => workers[made++]!.port);
      const run = host.run([{ id: 'a', code: '', capture: [] }]);
      host.dispose();
      expect((await run)[0]).toMatchObject({ status: 'error', error: { message: 'the runner was closed' } });
      expect(made).toBe(1);
    });
  });

  it('keeps a captured value that is nested too deep or too large out of the results', async () => {
    const worker = manualWorker();
    const host = new RunnerHost(() => worker.port);
    const run = host.run([{ id: 'a', code: '', capture: ['v', 'w'] }]);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    worker.send({ type: 'step-finished', runId: worker.runs[0], index: 0, result: { ...ok('a', 1), values: { v: deep, w: 'x'.repeat(1_000_000) } } });
    worker.send({ type: 'done', runId: worker.runs[0] });
    const [result] = await run;
    expect(result!.values).toEqual({});
    expect(result!.unreadable.v).toContain('nested more than');
    expect(result!.unreadable.w).toContain('larger than');
  });
});

describe('runner host on a busy machine', () => {
  it('reads the answers that arrived within the budget before it calls a run out of time', async () => {
    const budgetMs = 200;
    let listener: (message: unknown) => void = () => {};
    const port: WorkerPort = {
      post: (message) => {
        const { runId } = message as { runId: number };
        listener({ type: 'step-started', runId, index: 0 } satisfies RunnerMessage);
        // The step ends well within the budget and its answer waits to be read, as a pipe's
        // data would; meanwhile other work in this process (another submission's judging, say)
        // holds the event loop past the budget.
        setTimeout(() => {
          setImmediate(() => {
            setImmediate(() => {
              listener({ type: 'step-finished', runId, index: 0, result: { id: 'a', status: 'ok', output: '', truncated: false, values: { x: 1 }, unreadable: {}, defined: ['x'] } } satisfies RunnerMessage);
              listener({ type: 'done', runId } satisfies RunnerMessage);
            });
            const until = Date.now() + budgetMs * 2;
            while (Date.now() < until);
          });
        }, budgetMs / 4);
      },
      onMessage: (l) => (listener = l),
      onError: () => {},
      terminate: () => {},
    };
    const host = new RunnerHost(() => port);
    const [run] = await host.run([{ id: 'a', code: 'x = 1', capture: ['x'] }], { budgetMs });
    expect(run!.status).toBe('ok');
    expect(run!.values).toEqual({ x: 1 });
  });
});

describe('runner host and a download in the middle of a run', () => {
  /**
   * A run of one step (2 s budget) that has started, on a worker that answers only when told and
   * counts interrupts; the host has a download allowance of 30 s unless told otherwise.
   */
  function startedRun({ downloadAllowanceMs = 30_000 } = {}) {
    vi.useFakeTimers();
    let listener: (message: unknown) => void = () => {};
    const runs: number[] = [];
    let interrupted = 0;
    let terminated = 0;
    const port: WorkerPort = {
      post: (message) => runs.push((message as { runId: number }).runId),
      onMessage: (l) => (listener = l),
      onError: () => {},
      terminate: () => void (terminated += 1),
      interrupt: () => void (interrupted += 1),
    };
    const host = new RunnerHost(() => port, { downloadAllowanceMs });
    const seen: string[] = [];
    const run = host.run([{ id: 'a', code: 'import html', capture: [] }], { budgetMs: 2000, onLoading: (message) => seen.push(message) });
    const send = (message: RunnerMessage) => listener(message);
    const runId = runs[0]!;
    send({ type: 'step-started', runId, index: 0 });
    const finish = () => {
      send({ type: 'step-finished', runId, index: 0, result: { id: 'a', status: 'ok', output: '', truncated: false, values: {}, unreadable: {}, defined: [] } });
      send({ type: 'done', runId });
    };
    return { run, runId, send, finish, seen, interrupted: () => interrupted, terminated: () => terminated };
  }

  afterEach(() => vi.useRealTimers());

  it('does not count a download the worker announces against the budget, and says what it is doing', async () => {
    const { run, send, finish, seen, interrupted } = startedRun();
    vi.advanceTimersByTime(1500);
    send({ type: 'loading', message: 'Downloading more of Python…' });
    vi.advanceTimersByTime(10_000);
    send({ type: 'ready' });
    vi.advanceTimersByTime(400);
    expect(interrupted()).toBe(0);
    finish();
    expect((await run)[0]!.status).toBe('ok');
    expect(seen).toEqual(['Downloading more of Python…']);
  });

  it('still counts the time before and after the download', async () => {
    const { run, send, interrupted } = startedRun();
    vi.advanceTimersByTime(1500);
    send({ type: 'loading', message: 'Downloading…' });
    vi.advanceTimersByTime(5000);
    send({ type: 'ready' });
    vi.advanceTimersByTime(600);
    expect(interrupted()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect((await run)[0]!.status).toBe('timeout');
  });

  it('stops a download that outlasts the allowance', async () => {
    const { run, send, interrupted } = startedRun();
    send({ type: 'loading', message: 'Downloading…' });
    vi.advanceTimersByTime(29_000);
    expect(interrupted()).toBe(0);
    vi.advanceTimersByTime(2000);
    expect(interrupted()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect((await run)[0]!.status).toBe('timeout');
  });

  it('keeps a worker whose interrupted loop answers late, as a loaded machine does', async () => {
    // Measured with three busy loops and two browsers on two cores: up to 235 ms from the
    // interrupt to the worker's answer, and CI is slower still. A restart would cost the student
    // a new Python (seconds) for a loop that had already stopped.
    const { run, runId, send, interrupted, terminated } = startedRun();
    vi.advanceTimersByTime(2100);
    expect(interrupted()).toBe(1);
    vi.advanceTimersByTime(700);
    send({ type: 'step-finished', runId, index: 0, result: { id: 'a', status: 'error', output: '', truncated: false, values: {}, unreadable: {}, defined: [], error: { kind: 'runtime', name: 'KeyboardInterrupt', message: '' } } });
    send({ type: 'done', runId });
    expect((await run)[0]!.status).toBe('timeout');
    expect(terminated()).toBe(0);
  });

  it('gives a worker without an allowance (a sandbox that never downloads) nothing for a forged "loading"', async () => {
    const { run, send, interrupted } = startedRun({ downloadAllowanceMs: 0 });
    send({ type: 'loading', message: 'Downloading…' });
    vi.advanceTimersByTime(2100);
    expect(interrupted()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect((await run)[0]!.status).toBe('timeout');
  });
});
