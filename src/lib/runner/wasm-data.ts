/**
 * Pyodide's wasm without its data, for a browser that restores the interpreter from the build's
 * snapshot (see python-assets.ts).
 *
 * A third of pyodide.asm.wasm (3.2 MB, 1.6 MB of a gzip download) is data segments: the bytes
 * the module copies into its memory when it is made, before Python's C constructors run. The
 * snapshot holds that same memory after start-up, and start-up changes only about 6,000 of those
 * bytes. So the build ships the wasm with every segment emptied (same count, same offsets, so
 * the code is byte for byte the same) and a patch: the initial memory XOR the snapshot's, over
 * the range the segments cover, almost all zeros (11 KB as zstd). The worker rebuilds the
 * initial memory from the snapshot and the patch as soon as the module is made, so everything
 * after that (the constructors, then the snapshot's restore) runs on exactly the memory the
 * full wasm would have given it.
 */

/** What the patch file starts with, before its XOR bytes: "SWDP", then the range's start and length (u32, little-endian). */
const MAGIC = 0x50445753;
const HEADER_BYTES = 12;

interface Segment {
  offset: number;
  bytes: Uint8Array;
}

/** The wasm with every active data segment emptied, and the memory those segments make, from the first to the end of the last. */
export function stripDataSegments(wasm: Uint8Array): { stripped: Uint8Array; start: number; initial: Uint8Array } {
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  let segments: Segment[] | undefined;
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at]!;
    const [size, bodyAt] = readUnsigned(wasm, at + 1);
    const end = bodyAt + size;
    if (id !== DATA_SECTION) {
      parts.push(wasm.subarray(at, end));
    } else {
      const read = readSegments(wasm.subarray(bodyAt, end));
      segments = read.segments;
      const body = concat(read.emptied);
      parts.push(Uint8Array.of(DATA_SECTION), writeUnsigned(body.length), body);
    }
    at = end;
  }
  if (!segments || segments.length === 0) throw new Error('the wasm has no data segments to take out');
  const start = Math.min(...segments.map((segment) => segment.offset));
  const end = Math.max(...segments.map((segment) => segment.offset + segment.bytes.length));
  const initial = new Uint8Array(end - start);
  for (const segment of segments) initial.set(segment.bytes, segment.offset - start);
  return { stripped: concat(parts), start, initial };
}

/** The patch file's bytes (before compression): how the initial memory differs from the snapshot's. */
export function dataPatch(start: number, initial: Uint8Array, snapshotMemory: Uint8Array): Uint8Array {
  const patch = new Uint8Array(HEADER_BYTES + initial.length);
  const header = new DataView(patch.buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, start, true);
  header.setUint32(8, initial.length, true);
  for (let index = 0; index < initial.length; index++) patch[HEADER_BYTES + index] = initial[index]! ^ snapshotMemory[start + index]!;
  return patch;
}

/** The range of memory the patch covers: where the wasm's data segments write, from the first to the end of the last. */
export function patchedRange(patch: Uint8Array): { start: number; length: number } {
  const header = new DataView(patch.buffer, patch.byteOffset, patch.byteLength);
  if (patch.length < HEADER_BYTES || header.getUint32(0, true) !== MAGIC) throw new Error('the wasm data patch is not a file the build wrote');
  return { start: header.getUint32(4, true), length: header.getUint32(8, true) };
}

/**
 * Writes the initial memory the full wasm would have made into `memory` (a module made from
 * the stripped wasm, before anything ran in it): the snapshot's bytes XOR the patch. Only the
 * patched range of `snapshotMemory` is read, so the rest of it may still be arriving.
 */
export function restoreDataSegments(memory: Uint8Array, snapshotMemory: Uint8Array, patch: Uint8Array): void {
  const { start, length } = patchedRange(patch);
  if (patch.length !== HEADER_BYTES + length || start + length > memory.length || start + length > snapshotMemory.length) {
    throw new Error('the wasm data patch does not fit this memory: it was made for another build');
  }
  const initial = new Uint8Array(length);
  for (let index = 0; index < length; index++) initial[index] = snapshotMemory[start + index]! ^ patch[HEADER_BYTES + index]!;
  memory.set(initial, start);
}

const DATA_SECTION = 11;
/** An active segment for memory 0 with a constant offset: the only kind Pyodide's wasm has. */
const ACTIVE = 0;
const I32_CONST = 0x41;
const END = 0x0b;

function readSegments(body: Uint8Array): { segments: Segment[]; emptied: Uint8Array[] } {
  const [count, first] = readUnsigned(body, 0);
  const segments: Segment[] = [];
  const emptied: Uint8Array[] = [writeUnsigned(count)];
  let at = first;
  for (let index = 0; index < count; index++) {
    const segmentAt = at;
    const [mode, exprAt] = readUnsigned(body, at);
    if (mode !== ACTIVE || body[exprAt] !== I32_CONST) throw new Error(`data segment ${index} is not active at a constant offset`);
    const [offset, endAt] = readSigned(body, exprAt + 1);
    if (body[endAt] !== END) throw new Error(`data segment ${index} has an offset that is not a plain constant`);
    const [length, bytesAt] = readUnsigned(body, endAt + 1);
    segments.push({ offset, bytes: body.subarray(bytesAt, bytesAt + length) });
    emptied.push(body.subarray(segmentAt, endAt + 1), writeUnsigned(0));
    at = bytesAt + length;
  }
  return { segments, emptied };
}

function readUnsigned(bytes: Uint8Array, at: number): [number, number] {
  let result = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++]!;
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, at];
}

function readSigned(bytes: Uint8Array, at: number): [number, number] {
  let result = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++]!;
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (shift < 32 && byte & 0x40) result |= -1 << shift;
  return [result, at];
}

function writeUnsigned(value: number): Uint8Array {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Uint8Array.from(out);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Where the memory starts inside an unpacked snapshot: Pyodide's header gives it (a u32 at byte 4), so the first 8 bytes are enough. */
export function snapshotMemoryOffset(snapshot: Uint8Array): number {
  return new DataView(snapshot.buffer, snapshot.byteOffset, 8).getUint32(4, true);
}

/** The memory inside an unpacked snapshot. */
export function snapshotMemory(snapshot: Uint8Array): Uint8Array {
  return snapshot.subarray(snapshotMemoryOffset(snapshot));
}

type Instantiated = WebAssembly.Instance | WebAssembly.WebAssemblyInstantiatedSource;

/**
 * Runs `load` (a loadPyodide with the snapshot) with the wasm's initial memory written by
 * `fill` as soon as the module is made: Pyodide offers no hook between making the module and
 * running its constructors, so WebAssembly's two entry points are wrapped for that one call and
 * put back after it. Only the Python worker's own start-up runs meanwhile, before any learner
 * code exists. If the module cannot be made (a download that is not wasm) or `fill` fails, this
 * rejects with the error: Pyodide itself would only log a failed instantiation and wait for ever.
 */
export async function withInitialMemory<T>(fill: (memory: Uint8Array) => void | Promise<void>, load: () => Promise<T>): Promise<T> {
  const { instantiate, instantiateStreaming } = WebAssembly;
  let failed: (error: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => (failed = reject));
  const filled = async (made: Promise<Instantiated>): Promise<Instantiated> => {
    try {
      const result = await made;
      const instance = result instanceof WebAssembly.Instance ? result : result.instance;
      const memory = instance.exports.memory;
      // Pyodide also makes a tiny helper module of its own, which has no memory.
      if (memory instanceof WebAssembly.Memory) await fill(new Uint8Array(memory.buffer));
      return result;
    } catch (error) {
      failed(error);
      throw error;
    }
  };
  const wrapped = {
    instantiate: (...args: Parameters<typeof instantiate>) => filled(instantiate.apply(WebAssembly, args) as Promise<Instantiated>),
    instantiateStreaming: (...args: Parameters<typeof instantiateStreaming>) => filled(instantiateStreaming.apply(WebAssembly, args)),
  };
  Object.assign(WebAssembly, wrapped);
  try {
    return await Promise.race([load(), failure]);
  } finally {
    Object.assign(WebAssembly, { instantiate, instantiateStreaming });
  }
}
