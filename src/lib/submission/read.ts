import type { Language } from '../runner/protocol.ts';
import { decodeSubmission } from './decode.ts';
import { notebookToSource } from './notebook.ts';

/** File endings a submission may have, and the language each is run in. */
export const SUBMISSION_EXTENSIONS: Record<string, Language> = { py: 'python', js: 'javascript', ipynb: 'python' };

export const extensionOf = (file: string): string => /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';

export const isSubmissionFile = (file: string): boolean => extensionOf(file) in SUBMISSION_EXTENSIONS;

export type ReadSubmission = { language: Language; source: string } | { problem: string };

/** One submitted file, from bytes to the language and source text that are run. */
export function readSubmission(file: string, bytes: Uint8Array): ReadSubmission {
  const extension = extensionOf(file);
  const language = SUBMISSION_EXTENSIONS[extension];
  if (!language) return { problem: 'not a .py, .js or .ipynb file, so it was not graded' };
  const decoded = decodeSubmission(bytes);
  if ('problem' in decoded) return decoded;
  if (extension !== 'ipynb') return { language, source: decoded.text };
  const notebook = notebookToSource(decoded.text);
  return 'problem' in notebook ? notebook : { language, source: notebook.text };
}
