import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settledChanges } from '../../src/lib/content/settled-changes.ts';

describe('settledChanges', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands over a burst of changes once, after it has been quiet, each file once', async () => {
    const handed: string[][] = [];
    const changed = settledChanges(async (files) => void handed.push(files), 150);
    changed('a.yaml');
    await vi.advanceTimersByTimeAsync(100);
    changed('a.yaml');
    changed('b.py');
    await vi.advanceTimersByTimeAsync(100);
    expect(handed).toEqual([]);
    await vi.advanceTimersByTimeAsync(60);
    expect(handed).toEqual([['a.yaml', 'b.py']]);
  });

  it('never lets a later hand-over start before an earlier one ends, nor a failure stop the next', async () => {
    const events: string[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const changed = settledChanges(async ([file]) => {
      events.push(`start ${file}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      events.push(`end ${file}`);
      if (file === 'first') throw new Error('broken file');
    }, 10);
    changed('first');
    await vi.advanceTimersByTimeAsync(20);
    changed('second');
    await vi.advanceTimersByTimeAsync(2000);
    expect(events).toEqual(['start first', 'end first', 'start second', 'end second']);
    expect(errors).toHaveBeenCalledOnce();
    errors.mockRestore();
  });
});
