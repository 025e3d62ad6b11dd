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
  const packed = response.body;
  const body = new ReadableStream<Uint8Array>({
    // Not awaited: the stream is read from as chunks come, while the download goes on.
    start: (controller) =>
      void unpackArriving(packed, file, () => {}, (chunk) => controller.enqueue(chunk)).then(
        () => controller.close(),
        (error: unknown) => controller.error(error),
      ),
  });
  return new Response(body, { headers: { 'Content-Type': type } });
}

/**
 * A zstd download (the snapshot) unpacked as it arrives into one buffer, made as soon as the
 * frame's header gives the size (the build writes it): `buffer` resolves then, its bytes still
 * to come, `unpacked(count)` once the first `count` of them are in, and `complete` once every
 * one is. Pyodide needs only the snapshot's size to make the interpreter's memory, and the wasm's
 * data segments only the snapshot's first few megabytes, so the wasm is instantiated and its
 * constructors run while the rest downloads.
 */
export function unpackZstdArriving(
  response: Response,
  file: string,
): { buffer: Promise<Uint8Array<ArrayBuffer>>; unpacked(count: number): Promise<Uint8Array<ArrayBuffer>>; complete: Promise<Uint8Array<ArrayBuffer>> } {
  let made: (buffer: Uint8Array<ArrayBuffer>) => void = () => {};
  let failed: (error: unknown) => void = () => {};
  const buffer = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    made = resolve;
    failed = reject;
  });
  let out: Uint8Array<ArrayBuffer> | undefined;
  let at = 0;
  let ended: { error: unknown } | undefined;
  let waiting: { count: number; resolve(buffer: Uint8Array<ArrayBuffer>): void; reject(error: unknown): void }[] = [];
  const arrived = () => {
    const due = waiting.filter(({ count }) => at >= Math.min(count, out!.length));
    waiting = waiting.filter((waiter) => !due.includes(waiter));
    for (const { resolve } of due) resolve(out!);
  };
  const unpacked = (count: number) =>
    new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
      if (ended) return reject(ended.error);
      waiting.push({ count, resolve, reject });
      if (out) arrived();
    });
  const complete = (async () => {
    if (!response.ok || !response.body) throw new Error(`${file} answered ${response.status}`);
    await unpackArriving(
      response.body,
      file,
      (size) => {
        if (size === null) throw new Error(`${file} does not give its size`);
        out = new Uint8Array(size);
        made(out);
      },
      (chunk) => {
        if (at + chunk.length > out!.length) throw new Error(`${file} holds more than its header says`);
        out!.set(chunk, at);
        at += chunk.length;
        arrived();
      },
    );
    if (at !== out!.length) throw new Error(`${file} holds less than its header says`);
    return out!;
  })();
  complete.catch((error: unknown) => {
    failed(error);
    ended = { error };
    for (const { reject } of waiting.splice(0)) reject(error);
  });
  // The same failure as `complete`'s: a caller that waits only on that one has not missed it.
  buffer.catch(() => {});
  return { buffer, unpacked, complete };
}

/**
 * Reads a zstd body to its end, unpacking each piece as it comes: `sized` hears the size the
 * frame's header gives before any `chunk`. The first bytes decide whether it is zstd at all,
 * however the network splits them, so they are held back until there are enough.
 */
async function unpackArriving(body: ReadableStream<Uint8Array>, file: string, sized: (size: number | null) => void, chunk: (bytes: Uint8Array) => void): Promise<void> {
  const reader = body.getReader();
  try {
    const decoder = new Decompress((bytes) => chunk(bytes));
    let head: Uint8Array | undefined = new Uint8Array(0);
    for (;;) {
      const { done, value } = await reader.read();
      if (head) {
        if (value) head = concat(head, value);
        const size = contentSize(head, file);
        if (size === undefined && !done) continue;
        if (size === undefined) throw new Error(`${file} is not a zstd file`);
        sized(size);
        decoder.push(head);
        head = undefined;
      } else if (value) {
        decoder.push(value);
      }
      if (done) break;
    }
    decoder.push(new Uint8Array(0), true);
  } catch (error) {
    reader.cancel(error).catch(() => {});
    // fzstd's own messages ("unexpected EOF") do not say which download they are about.
    const message = error instanceof Error ? error.message : String(error);
    throw message.includes(file) ? error : new Error(`${file} could not be unpacked: ${message}`);
  }
}

/**
 * The size a zstd frame's header gives for its content (RFC 8878, 3.1.1.1), null if it gives
 * none, or undefined if `head` is too short to tell. Throws for what is not zstd.
 */
function contentSize(head: Uint8Array, file: string): number | null | undefined {
  if (head.length >= 4 && !isZstd(head)) throw new Error(`${file} is not a zstd file`);
  if (head.length < 5) return undefined;
  const descriptor = head[4]!;
  const single = (descriptor >> 5) & 1;
  const sizeBytes = [single, 2, 4, 8][descriptor >> 6]!;
  if (sizeBytes === 0) return null;
  const from = 5 + (single ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]!;
  if (head.length < from + sizeBytes) return undefined;
  let size = 0;
  for (let index = sizeBytes - 1; index >= 0; index -= 1) size = size * 256 + head[from + index]!;
  return sizeBytes === 2 ? size + 256 : size;
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
