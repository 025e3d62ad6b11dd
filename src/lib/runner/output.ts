import { OUTPUT_LIMITS } from './protocol.ts';

/**
 * Collects printed text up to {@link OUTPUT_LIMITS}. Past the cap it keeps counting nothing
 * and only remembers that it cut, so a print inside a long loop costs almost nothing.
 */
export class OutputBuffer {
  private text = '';
  private lines = 0;
  truncated = false;

  write(chunk: string): void {
    if (this.truncated) return;
    let remaining = chunk;
    while (remaining.length > 0) {
      const newline = remaining.indexOf('\n');
      const piece = newline === -1 ? remaining : remaining.slice(0, newline + 1);
      if (this.lines >= OUTPUT_LIMITS.lines || this.text.length + piece.length > OUTPUT_LIMITS.bytes) {
        this.truncated = true;
        return;
      }
      this.text += piece;
      if (newline !== -1) this.lines += 1;
      remaining = remaining.slice(piece.length);
    }
  }

  toString(): string {
    return this.text;
  }
}

export const TRUNCATION_NOTE = `… output truncated: only the first ${OUTPUT_LIMITS.lines.toLocaleString('en')} lines or ${OUTPUT_LIMITS.bytes / 1000} KB are shown.`;
