import { decompress, Decompress } from 'fzstd';
import { SNAPSHOT_FILE } from './python-assets.ts';

/**
 * The build's zstd files, unpacked in the browser's Python worker: its DecompressionStream knows
 * gzip and deflate only (Node, which has zstd, uses its own). fzstd is plain JavaScript. In the
 * worker, Python started as soon with it as with zstd's own decoder compiled to wasm (zstddec),
 * which would also have needed a way around the worker's connect-src to fetch its wasm, and
 * sooner than with the gzip snapshot and Chromium's gunzip.
 */

/**
 * The bytes of {@link SNAPSHOT_FILE}, or of another zstd file of the build named by `file` (the
 * wasm's data patch), unpacked. It allocates the output once because the build writes the size
 * in the frame's header.
 */
export function unpackZstd(packed: Uint8Array, file = SNAPSHOT_FILE): Uint8Array<ArrayBuffer> {
  if (!isZstd(packed)) throw new Error(`${file} is not a zstd file`);
  // fzstd allocates an ordinary ArrayBuffer; its types do not say so.
  return decompress(packed) as Uint8Array<ArrayBuffer>;
}

/**
 * A response for `file` (the wasm, WASM_FILE) whose body is the download unpacked as it
 * arrives, labelled `type`: WebAssembly.instantiateStreaming then compiles the wasm while the
 * rest is still on the way, as it would Pyodide's own file. A response that is not OK is given
 * back as it is; a body that is not zstd makes the new body fail, and with it the compile.
 */
export function unpackZstdResponse(response: Response, file: string, type: string): Response {
  if (!response.ok || !response.body) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    // Not awaited: a stream whose start() has not settled is still read from as chunks come.
    start: (controller) => void pump(controller),
  });
  async function pump(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    try {
      const decoder = new Decompress((chunk) => controller.enqueue(chunk));
      // The first four bytes decide, however the network splits them: held back until known.
      let head: Uint8Array | undefined = new Uint8Array(0);
      for (;;) {
        const { done, value } = await reader.read();
        if (head) {
          if (value) head = concat(head, value);
          if (head.length < 4 && !done) continue;
          if (!isZstd(head)) throw new Error(`${file} is not a zstd file`);
          decoder.push(head);
          head = undefined;
        } else if (value) {
          decoder.push(value);
        }
        if (done) break;
      }
      decoder.push(new Uint8Array(0), true);
      controller.close();
    } catch (error) {
      controller.error(error);
      reader.cancel(error).catch(() => {});
    }
  }
  return new Response(body, { headers: { 'Content-Type': type } });
}

/** zstd's magic number, 0xFD2FB528 little-endian: anything else is not a file the build wrote. */
function isZstd(bytes: Uint8Array): boolean {
  return bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
