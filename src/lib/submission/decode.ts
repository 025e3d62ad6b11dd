/**
 * How `check` and `grade` turn a submitted file's bytes into source text, one rule for both:
 * a byte-order mark is dropped, CRLF and CR line ends become LF, and a file that is empty,
 * too large, binary or not UTF-8 is refused with a reason the instructor can act on.
 */

/** Largest file read as a submission; a real answer to any exercise here is a few KB. */
export const MAX_SUBMISSION_BYTES = 1_000_000;

export type Decoded = { text: string } | { problem: string };

/** Bytes read to tell a binary file from text: a NUL byte in them means binary. */
const SNIFF_BYTES = 8000;

export function decodeSubmission(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { problem: 'the file is empty' };
  if (bytes.length > MAX_SUBMISSION_BYTES) return { problem: `the file is larger than ${MAX_SUBMISSION_BYTES / 1_000_000} MB, so it was not read` };
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return { problem: 'the file is binary, not source code' };
  let text: string;
  try {
    // ignoreBOM: false (the default) makes the decoder drop a leading UTF-8 byte-order mark.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: 'the file is not UTF-8 text; save it as UTF-8 and hand it in again' };
  }
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') return { problem: 'the file holds only blank space' };
  return { text };
}
