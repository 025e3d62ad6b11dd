/**
 * Which stage a key press moves a stepper to, or undefined when the key is not the stepper's.
 * Stages are numbered from 1; the arrows stop at either end rather than wrap, so "Step 7 of 7"
 * is a place the learner arrives at, not a blink before "Step 1".
 */
export function stageAfterKey(current: number, key: string, count: number): number | undefined {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return Math.min(current + 1, count);
    case 'ArrowLeft':
    case 'ArrowUp':
      return Math.max(current - 1, 1);
    case 'Home':
      return 1;
    case 'End':
      return count;
    default:
      return undefined;
  }
}
