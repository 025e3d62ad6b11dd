/**
 * At most `limit` holders at a time; the others wait their turn, first come first served.
 * `grade` runs more slots than cores (they share JavaScript sandboxes), and this keeps the
 * Python interpreters, each a process of its own, to one per core.
 */
export class Turns {
  private held = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  async take(): Promise<void> {
    if (this.held < this.limit) {
      this.held += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held -= 1;
  }
}
