/**
 * The code editor's metrics, in one place: Monaco is created with them
 * (src/client/monaco-editor.ts), and the build-time preview and the textarea under it
 * (src/components/CodePreview.astro, Exercise.astro) are laid out with them, so that Monaco
 * takes their place without moving a line.
 */
export const CODE_FONT_SIZE = 14;
export const CODE_LINE_HEIGHT = 20;
export const CODE_PADDING = 8;
const MIN_LINES = 6;
const MAX_LINES = 28;

/** The editor's height for code of this many rows: one spare row, between 6 and 28 rows. */
export const editorHeight = (rows: number): number => Math.min(MAX_LINES * CODE_LINE_HEIGHT, Math.max(MIN_LINES * CODE_LINE_HEIGHT, rows * CODE_LINE_HEIGHT + 2 * CODE_PADDING + CODE_LINE_HEIGHT));
