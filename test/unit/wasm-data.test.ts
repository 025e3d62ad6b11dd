import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync, zstdCompressSync } from 'node:zlib';
import { loadPyodide } from 'pyodide';
import { describe, expect, it } from 'vitest';
import { PYODIDE_DIR, SNAPSHOT_FILE, STDLIB_FILE, WASM_DATA_PATCH_FILE, WASM_FILE } from '../../src/lib/runner/python-assets.ts';
import { preparePython, runPython } from '../../src/lib/runner/python.ts';
import type { StepRun } from '../../src/lib/runner/protocol.ts';
import { unpackZstd, unpackZstdArriving, unpackZstdResponse } from '../../src/lib/runner/unpack-zstd.ts';
import { dataPatch, patchedRange, restoreDataSegments, snapshotMemory, snapshotMemoryOffset, stripDataSegments, withInitialMemory } from '../../src/lib/runner/wasm-data.ts';

const PUBLIC_PYODIDE = new URL(`../../public/${PYODIDE_DIR}/`, import.meta.url);
const FULL_WASM = path.join(path.dirname(createRequire(import.meta.url).resolve('pyodide/package.json')), 'pyodide.asm.wasm');
const HARNESS = readFileSync(new URL('../../src/lib/runner/python_harness.py', import.meta.url), 'utf8');

/**
 * A module with one page of memory, exported, and two active data segments: "hi" at 16 and
 * "there" at 40 (hand-assembled: type, function, memory, export and data sections).
 */
const TINY = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x05, 0x03, 0x01, 0x00, 0x01,
  0x07, 0x0a, 0x01, 0x06, ...Buffer.from('memory'), 0x02, 0x00,
  0x0b, 0x12, 0x02,
  0x00, 0x41, 0x10, 0x0b, 0x02, ...Buffer.from('hi'),
  0x00, 0x41, 0x28, 0x0b, 0x05, ...Buffer.from('there'),
]);

const memoryOf = async (bytes: Uint8Array) => new Uint8Array(((await WebAssembly.instantiate(bytes as BufferSource)).instance.exports.memory as WebAssembly.Memory).buffer);

describe('a wasm without its data segments', () => {
  it('makes an empty memory, and the patch with a later memory gives back exactly what the segments wrote', async () => {
    const { stripped, start, initial } = stripDataSegments(TINY);
    expect(start).toBe(16);
    expect(Buffer.from(initial).toString('latin1')).toBe(`hi${'\0'.repeat(22)}there`);
    expect((await memoryOf(stripped)).every((byte) => byte === 0)).toBe(true);
    // What a program may have made of that memory since: data changed, and bytes between the segments too.
    const later = await memoryOf(TINY);
    later.set(Buffer.from('HI'), 16);
    later.set(Buffer.from('zz'), 30);
    const memory = await memoryOf(stripped);
    restoreDataSegments(memory, later, dataPatch(start, initial, later));
    expect(Buffer.compare(Buffer.from(memory), Buffer.from(await memoryOf(TINY)))).toBe(0);
  });

  it('refuses a patch of another kind or one that does not fit, by saying so', async () => {
    const { stripped, start, initial } = stripDataSegments(TINY);
    const memory = await memoryOf(stripped);
    expect(() => restoreDataSegments(memory, memory, new Uint8Array(12))).toThrow('the wasm data patch is not a file the build wrote');
    const patch = dataPatch(start, initial, memory);
    expect(() => restoreDataSegments(memory, memory.subarray(0, 20), patch)).toThrow('it was made for another build');
  });

  it('fails the load when the data cannot be put back, where Pyodide alone would wait for ever', async () => {
    const neverEnds = () => {
      // As Pyodide does: a failed instantiation is only logged, and the load never settles.
      WebAssembly.instantiate(TINY).catch(() => {});
      return new Promise<never>(() => {});
    };
    await expect(withInitialMemory(() => Promise.reject(new Error('no data for you')), neverEnds)).rejects.toThrow('no data for you');
    // So does a module that cannot be made at all (a download that is not wasm).
    const notWasm = () => {
      WebAssembly.instantiate(new TextEncoder().encode('\0asm not really')).catch(() => {});
      return new Promise<never>(() => {});
    };
    await expect(withInitialMemory(() => {}, notWasm)).rejects.toThrow(WebAssembly.CompileError);
    // WebAssembly is itself again afterwards.
    expect(await memoryOf(TINY)).toHaveLength(65536);
  });
});

/** A response whose body arrives in the pieces given, as a network might split it. */
const arriving = (...pieces: Uint8Array[]) =>
  new Response(new ReadableStream<Uint8Array>({ start: (controller) => (pieces.forEach((piece) => controller.enqueue(piece)), controller.close()) }));

/** The text of a stream that fails, or the error it fails with. */
const outcome = (response: Response) => response.arrayBuffer().then((bytes) => Buffer.from(bytes).toString(), (error: Error) => `failed: ${error.message}`);

describe('a zstd download unpacked as it arrives', () => {
  // Not too repetitive: the packed bytes must outlast the cuts below.
  const text = Buffer.from(JSON.stringify(Array.from({ length: 20_000 }, (_, n) => (n * 7919) % 10_007)));
  const packed = new Uint8Array(zstdCompressSync(text));

  it('gives the same bytes however the network splits them, even inside the magic number, labelled as asked', async () => {
    expect(packed.length).toBeGreaterThan(20_000);
    const cuts = [1, 3, 4, 1000, packed.length - 1];
    const pieces = [0, ...cuts].map((from, index) => packed.subarray(from, [...cuts, packed.length][index]));
    const response = unpackZstdResponse(arriving(...pieces), 'x.bin', 'application/wasm');
    expect(response.headers.get('content-type')).toBe('application/wasm');
    expect(await outcome(response)).toBe(text.toString());
  });

  it('fails, naming the file, for a body that is not zstd or is cut short, and passes on an error status as it is', async () => {
    expect(await outcome(unpackZstdResponse(arriving(gzipSync(text)), 'x.bin', 'application/wasm'))).toBe('failed: x.bin is not a zstd file');
    expect(await outcome(unpackZstdResponse(arriving(packed.subarray(0, 2)), 'x.bin', 'application/wasm'))).toBe('failed: x.bin is not a zstd file');
    expect(await outcome(unpackZstdResponse(arriving(packed.subarray(0, 10_000)), 'x.bin', 'application/wasm'))).toMatch(/^failed: /);
    const missing = new Response('not here', { status: 404 });
    expect(unpackZstdResponse(missing, 'x.bin', 'application/wasm')).toBe(missing);
  });
});

describe('a zstd download unpacked into one buffer as it arrives (the snapshot)', () => {
  const text = Buffer.from(JSON.stringify(Array.from({ length: 20_000 }, (_, n) => (n * 7919) % 10_007)));
  const packed = new Uint8Array(zstdCompressSync(text, { pledgedSrcSize: text.length }));

  it('makes the buffer from the header, before the rest has come, and fills it as the rest comes', async () => {
    let send!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void (send = controller) });
    const { buffer, complete } = unpackZstdArriving(new Response(body), 'x.bin');
    send.enqueue(packed.subarray(0, 3));
    send.enqueue(packed.subarray(3, 100));
    const early = await buffer;
    expect(early).toHaveLength(text.length);
    let done = false;
    void complete.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done).toBe(false);
    send.enqueue(packed.subarray(100));
    send.close();
    const whole = await complete;
    expect(whole).toBe(early);
    expect(Buffer.from(whole).toString()).toBe(text.toString());
  });

  it('says when the first bytes asked for are in, however few have come after them, and fails them with the download', async () => {
    // Large enough for many zstd blocks: fzstd gives out a block's bytes once the whole block is in.
    const large = Buffer.from(JSON.stringify(Array.from({ length: 400_000 }, (_, n) => (n * 7919) % 100_003)));
    const squeezed = new Uint8Array(zstdCompressSync(large, { pledgedSrcSize: large.length }));
    let send!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void (send = controller) });
    const { unpacked, complete } = unpackZstdArriving(new Response(body), 'x.bin');
    const heard: string[] = [];
    const first = unpacked(8).then((buffer) => heard.push(`8: ${Buffer.from(buffer.subarray(0, 8)).toString()}`));
    const all = unpacked(large.length).then(() => heard.push('all'));
    // Half of the packed bytes: well over 8 unpacked bytes, well short of all of them.
    send.enqueue(squeezed.subarray(0, squeezed.length >> 1));
    await first;
    expect(heard).toEqual([`8: ${large.subarray(0, 8).toString()}`]);
    send.enqueue(squeezed.subarray(squeezed.length >> 1));
    send.close();
    await Promise.all([all, complete]);
    expect(heard).toHaveLength(2);
    // Asked for once everything is in, or for more than there is: answered at once.
    expect(await unpacked(large.length + 5)).toHaveLength(large.length);

    const cut = unpackZstdArriving(new Response(squeezed.subarray(0, squeezed.length >> 1)), 'x.bin');
    await expect(cut.unpacked(large.length)).rejects.toThrow('x.bin');
    await expect(cut.unpacked(1)).rejects.toThrow('x.bin');
  });

  it('fails, naming the file, for an error status, a body that is not zstd, a frame without its size or one whose size is wrong', async () => {
    const failure = (response: Response) => unpackZstdArriving(response, 'x.bin').complete.then(() => 'unpacked', (error: Error) => error.message);
    expect(await failure(new Response('gone', { status: 404 }))).toBe('x.bin answered 404');
    expect(await failure(new Response(gzipSync(text)))).toBe('x.bin is not a zstd file');
    const unsized = zstdCompressSync(text, { params: { [constants.ZSTD_c_contentSizeFlag]: 0 } });
    expect(await failure(new Response(unsized))).toBe('x.bin does not give its size');
    // The header's size one more than the content: a 4-byte field after the descriptor, the window
    // byte (absent from a single-segment frame) and the dictionary's id (RFC 8878, 3.1.1.1).
    const descriptor = packed[4]!;
    expect(descriptor >> 6).toBe(2);
    const larger = Uint8Array.from(packed);
    const field = new DataView(larger.buffer, 5 + ((descriptor >> 5) & 1 ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]!, 4);
    expect(field.getUint32(0, true)).toBe(text.length);
    field.setUint32(0, text.length + 1, true);
    expect(await failure(new Response(larger))).toBe('x.bin holds less than its header says');
    // And the buffer's promise fails too, so a load waiting on it is not left waiting.
    await expect(unpackZstdArriving(new Response(gzipSync(text)), 'x.bin').buffer).rejects.toThrow('x.bin is not a zstd file');
  });
});

describe("the build's Pyodide wasm and its data patch", () => {
  const stripped = unpackZstd(new Uint8Array(readFileSync(new URL(WASM_FILE, PUBLIC_PYODIDE))), WASM_FILE);
  const full = new Uint8Array(readFileSync(FULL_WASM));
  const snapshot = unpackZstd(new Uint8Array(readFileSync(new URL(SNAPSHOT_FILE, PUBLIC_PYODIDE))));
  const patch = unpackZstd(new Uint8Array(readFileSync(new URL(WASM_DATA_PATCH_FILE, PUBLIC_PYODIDE))), WASM_DATA_PATCH_FILE);

  it('is the same module without its data, packed: 1.9 MB less to download than gzip of the whole, for a 0.1 MB patch', () => {
    expect(gzipSync(full).length - readFileSync(new URL(WASM_FILE, PUBLIC_PYODIDE)).length).toBeGreaterThan(1_900_000);
    expect(readFileSync(new URL(WASM_DATA_PATCH_FILE, PUBLIC_PYODIDE)).length).toBeLessThan(100_000);
    const [a, b] = [new WebAssembly.Module(full), new WebAssembly.Module(stripped)];
    expect(WebAssembly.Module.exports(b)).toEqual(WebAssembly.Module.exports(a));
    expect(WebAssembly.Module.imports(b)).toEqual(WebAssembly.Module.imports(a));
  });

  it("rebuilds, from this build's snapshot, exactly the data Pyodide's own wasm starts with", () => {
    const { start, initial } = stripDataSegments(full);
    const memory = new Uint8Array(start + initial.length);
    restoreDataSegments(memory, snapshotMemory(snapshot), patch);
    expect(Buffer.compare(Buffer.from(memory.subarray(start)), Buffer.from(initial))).toBe(0);
  });

  it('boots Python from the snapshot as the browser worker does, the data segments made from its first megabytes, and runs a step', async () => {
    // Pyodide in Node reads pyodide.asm.wasm from its folder: one with the wasm as the worker unpacks it.
    const folder = mkdtempSync(path.join(tmpdir(), 'stepwise-wasm-'));
    const served = await unpackZstdResponse(arriving(new Uint8Array(readFileSync(new URL(WASM_FILE, PUBLIC_PYODIDE)))), WASM_FILE, 'application/wasm').arrayBuffer();
    writeFileSync(path.join(folder, 'pyodide.asm.wasm'), new Uint8Array(served));
    for (const file of ['pyodide.asm.mjs', 'pyodide-lock.json']) copyFileSync(new URL(file, PUBLIC_PYODIDE), path.join(folder, file));
    // As in the worker: the buffer exists with only the snapshot's start in it when the module is
    // made; the rest arrives while the constructors run, before Pyodide copies the snapshot in.
    const { start, length } = patchedRange(patch);
    const firstBytes = snapshotMemoryOffset(snapshot) + start + length;
    expect(firstBytes).toBeLessThan(snapshot.length / 4);
    const buffer = new Uint8Array(snapshot.length);
    buffer.set(snapshot.subarray(0, firstBytes));
    const emscripten = (await import(pathToFileURL(path.join(folder, 'pyodide.asm.mjs')).href)) as { default: (settings: object) => Promise<unknown> };
    const createPyodideModule = async (settings: object) => {
      const module = await emscripten.default(settings);
      buffer.set(snapshot.subarray(firstBytes), firstBytes);
      return module;
    };
    const pyodide = await withInitialMemory(
      (memory) => restoreDataSegments(memory, snapshotMemory(buffer), patch),
      () => loadPyodide({ indexURL: `${folder}${path.sep}`, stdLibURL: fileURLToPath(new URL(STDLIB_FILE, PUBLIC_PYODIDE)), createPyodideModule, _loadSnapshot: buffer, stdout: () => {}, stderr: () => {} } as Parameters<typeof loadPyodide>[0]),
    ).finally(() => rmSync(folder, { recursive: true, force: true }));
    const results: StepRun[] = [];
    const steps = [{ id: 'a', code: "import statistics\nx = {'mean': statistics.mean([1, 2, 3, 6]), 'n': len('hello')}", capture: ['x'] }];
    runPython(preparePython(pyodide, HARNESS), steps, { started() {}, finished: (index, result) => (results[index] = result) });
    expect(results[0]!.values).toEqual({ x: { mean: 3, n: 5 } });
  }, 60_000);
});
