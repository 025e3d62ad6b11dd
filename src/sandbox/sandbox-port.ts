import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { WorkerPort } from '../lib/runner/host.ts';
import { MESSAGE_LIMITS } from '../lib/runner/protocol.ts';
import { SANDBOX_MEMORY_MB, startJailed } from './jail.ts';

/** How often the memory of a busy sandbox is read (Linux /proc). */
const MEMORY_POLL_MS = 100;

/**
 * A jailed process seen from the grader: JSON lines in, JSON lines out. Every line is parsed
 * here and handed on as unknown data (the host validates it); a line longer than
 * MESSAGE_LIMITS.messageChars, a process over its memory cap, or one that dies, ends it with
 * a reason the learner can read. The wall-clock budget is the host's: terminate() is SIGKILL.
 */
export class Sandbox {
  readonly process: ChildProcess;
  private messageListener: (message: unknown) => void = () => {};
  private exitListener: (reason: string) => void = () => {};
  private pending = '';
  private killedFor: string | undefined;
  private memoryTimer: ReturnType<typeof setInterval> | undefined;
  /** Set once the process said it is ready (a booted runtime waiting for its one run). */
  ready = false;
  exited = false;

  /** `files`: what the sandbox may read besides its runtime (see startJailed). */
  constructor(entry: string, files: string[] = []) {
    this.process = startJailed(entry, files);
    this.process.stdout!.setEncoding('utf8');
    this.process.stdout!.on('data', (chunk: string) => this.read(chunk));
    this.process.stdin!.on('error', () => {});
    this.process.on('error', (error) => {
      const reason = `the sandbox could not start (${error.message})`;
      // A process that never started sends no 'exit': tell the host here, or its run would wait forever.
      if (this.process.pid !== undefined) return this.kill(reason);
      this.exited = true;
      this.exitListener(reason);
    });
    this.process.on('exit', (code, signal) => {
      this.exited = true;
      clearInterval(this.memoryTimer);
      this.exitListener(this.killedFor ?? exitReason(code, signal));
    });
  }

  onMessage(listener: (message: unknown) => void): void {
    this.messageListener = listener;
  }

  onExit(listener: (reason: string) => void): void {
    this.exitListener = listener;
  }

  send(message: unknown): void {
    if (this.exited) return;
    this.process.stdin!.write(`${JSON.stringify(message)}\n`);
    this.watchMemory();
  }

  kill(reason: string): void {
    this.killedFor ??= reason;
    clearInterval(this.memoryTimer);
    if (!this.exited) this.process.kill('SIGKILL');
  }

  /** Lets the grader's process exit while a spare sandbox waits in the pool. */
  unref(): void {
    this.process.unref();
    (this.process.stdout as unknown as { unref?(): void }).unref?.();
    (this.process.stdin as unknown as { unref?(): void }).unref?.();
  }

  ref(): void {
    this.process.ref();
    (this.process.stdout as unknown as { ref?(): void }).ref?.();
    (this.process.stdin as unknown as { ref?(): void }).ref?.();
  }

  private read(chunk: string): void {
    // A sandbox being ended may still have data in the pipe: none of it reaches anyone.
    if (this.exited || this.killedFor) return;
    this.pending += chunk;
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) !== -1) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        message = undefined;
      }
      if (isReady(message)) this.ready = true;
      this.messageListener(message);
      if (this.exited || this.killedFor) return;
    }
    if (this.pending.length > MESSAGE_LIMITS.messageChars) {
      this.pending = '';
      this.kill(`the code sent back more than ${MESSAGE_LIMITS.messageChars / 1_000_000} MB of data at once`);
    }
  }

  /** Linux only: RSS of the process and its children (bubblewrap runs Node as a child). */
  private watchMemory(): void {
    if (this.memoryTimer || process.platform !== 'linux' || this.process.pid === undefined) return;
    const pid = this.process.pid;
    this.memoryTimer = setInterval(() => {
      if (residentMegabytes(pid) > SANDBOX_MEMORY_MB) this.kill(`the code used more than ${SANDBOX_MEMORY_MB} MB of memory, so it was stopped`);
    }, MEMORY_POLL_MS);
    this.memoryTimer.unref();
  }
}

function isReady(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready';
}

function residentMegabytes(pid: number, depth = 0): number {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    const children = depth < 3 ? readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean) : [];
    return (pages * 4096) / 1_048_576 + children.reduce((sum, child) => sum + residentMegabytes(Number(child), depth + 1), 0);
  } catch {
    return 0;
  }
}

function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal === 'SIGKILL') return 'the sandbox running the code was killed (by the code itself or by the system)';
  if (signal) return `the sandbox running the code stopped on signal ${signal}`;
  if (code === 134 || code === 133) return 'the code ran out of memory, so its sandbox stopped';
  return `the sandbox running the code ended before it finished (exit code ${code})`;
}

/** A host port over one sandbox: terminate() kills it. */
export function sandboxPort(sandbox: Sandbox, interrupt?: () => void): WorkerPort {
  return {
    post: (message) => sandbox.send(message),
    onMessage: (listener) => sandbox.onMessage(listener),
    onError: () => {},
    onExit: (listener) => sandbox.onExit(listener),
    terminate: () => sandbox.kill('stopped by the grader'),
    ...(interrupt ? { interrupt } : {}),
  };
}
