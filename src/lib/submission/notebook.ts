/**
 * A Jupyter notebook (`.ipynb`) handed in for a Python exercise becomes one source file: its
 * code cells in order. A cell that starts a step carries the `# Step N` marker line, as the
 * site's downloads do, so the step markers of the joined file tell each step.
 */

export type NotebookSource = { text: string } | { problem: string };

interface NotebookCell {
  cell_type?: unknown;
  id?: unknown;
  source?: unknown;
}

/** The id of the self-check cell `stepwise export-notebook` ends a notebook with: not the student's work. */
const SELF_CHECK_CELL = 'check';

export function notebookToSource(json: string): NotebookSource {
  let notebook: { cells?: unknown };
  try {
    notebook = JSON.parse(json) as { cells?: unknown };
  } catch {
    return { problem: 'the notebook is not valid JSON; download it again from Jupyter' };
  }
  if (!notebook || typeof notebook !== 'object' || !Array.isArray(notebook.cells)) return { problem: 'the notebook has no list of cells' };
  const code: string[] = [];
  for (const cell of notebook.cells as NotebookCell[]) {
    if (!cell || cell.cell_type !== 'code' || cell.id === SELF_CHECK_CELL) continue;
    const source = Array.isArray(cell.source) ? cell.source.filter((line) => typeof line === 'string').join('') : typeof cell.source === 'string' ? cell.source : '';
    // Notebook-only syntax (%magic, !shell) is not Python; it is kept visible as a comment.
    code.push(source.replace(/^([ \t]*)([%!])/gm, '$1# $2'));
  }
  if (code.every((cell) => cell.trim() === '')) return { problem: 'the notebook has no code cells' };
  return { text: code.join('\n\n') };
}
