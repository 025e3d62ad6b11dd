import { describe, expect, it } from 'vitest';
import { Turns } from '../../src/cli/turns.ts';

describe('turns', () => {
  it('lets `limit` holders in at once and the rest in the order they came, as turns are given back', async () => {
    const turns = new Turns(2);
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const holder = async (id: number) => {
      await turns.take();
      inside += 1;
      most = Math.max(most, inside);
      order.push(id);
      await new Promise<void>((resolve) => releases.push(resolve));
      inside -= 1;
      turns.give();
    };
    const all = [0, 1, 2, 3, 4].map(holder);
    // Let every holder reach take().
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(order).toEqual([0, 1]);
    while (releases.length > 0) {
      releases.shift()!();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    // All turns are back: two more get in at once.
    await turns.take();
    await turns.take();
    let third = false;
    void turns.take().then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
  });
});
