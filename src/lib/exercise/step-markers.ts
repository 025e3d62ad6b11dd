/**
 * Solutions, starters and whole-project submissions are ordinary source files in which a
 * comment line such as `# Step 2: …` or `// Step 2` starts each step. One format serves
 * authors (one file per language) and students (one file for the CLI).
 */
const MARKER = /^[ \t]*(?:#|\/\/)[ \t]*step[ \t]+(\d+)\b.*$/i;

export interface StepChunk {
  /** 1-based step number from the marker. */
  step: number;
  code: string;
  /** 1-based line of the file where `code` starts, to map error lines back to the file. */
  firstLine: number;
}

export interface SplitSource {
  /**
   * Text above the first marker (imports, helpers), as step 0; undefined when blank. In a
   * submission it runs before step 1, like a notebook's first cell.
   */
  preamble: StepChunk | undefined;
  steps: StepChunk[];
}

/** Splits a file at its step markers, keeping the text above the first one as a preamble. */
export function splitSource(source: string): SplitSource {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const chunks: StepChunk[] = [];
  let current = { step: 0, start: 1, lines: [] as string[] };
  const close = () => {
    let { lines: body, start } = current;
    while (body.length > 0 && body[0]!.trim() === '') {
      body = body.slice(1);
      start += 1;
    }
    while (body.length > 0 && body[body.length - 1]!.trim() === '') body = body.slice(0, -1);
    chunks.push({ step: current.step, code: body.join('\n'), firstLine: start });
  };
  lines.forEach((line, index) => {
    const marker = MARKER.exec(line);
    if (marker) {
      close();
      current = { step: Number(marker[1]), start: index + 2, lines: [] };
    } else {
      current.lines.push(line);
    }
  });
  close();
  const [preamble, ...steps] = chunks;
  return { preamble: preamble!.code === '' ? undefined : preamble, steps };
}

/** The steps of an authored file (solution, starter): authors keep notes, not code, above step 1. */
export const splitSteps = (source: string): StepChunk[] => splitSource(source).steps;

/** Code compared loosely, so that a starter with only whitespace changed still counts as untouched. */
export const normalizeCode = (code: string): string => code.replace(/\s+/g, ' ').trim();
