/**
 * Where the site serves Pyodide (copied from node_modules by src/build/pyodide-assets.mjs),
 * and the interpreter snapshot the build writes beside it. Shared by the build, the browser
 * worker and the CLI's worker, which all find the files by these names.
 */
export const PYODIDE_DIR = 'pyodide';

/**
 * A started interpreter's memory (31 MB), compressed with zstd: restoring it skips Python's own
 * start-up. zstd rather than gzip: 4.55 MB rather than 6.26 on the wire, and Python starts
 * sooner in the browser, on a cached visit too (see unpack-zstd.ts). Not named `.zst`: a
 * server that labels the file with a `Content-Encoding` makes the browser unpack it on arrival,
 * and the offline cache would then hold and hash 31 MB (measured with gzip: 2 to 3 s of a
 * first visit's Python start).
 */
export const SNAPSHOT_FILE = 'interpreter-snapshot-zstd.bin';

/**
 * The standard library, in two zips (src/build/python-stdlib.mjs): Pyodide's usual name holds
 * what Python starts with; the rest is fetched on the first import that needs it.
 */
export const STDLIB_FILE = 'python_stdlib.zip';
export const STDLIB_REST_FILE = 'python_stdlib_rest.zip';

/**
 * The browser's pyodide.asm.wasm: Pyodide's without its data segments, which the worker
 * rebuilds from the snapshot and WASM_DATA_PATCH_FILE (see wasm-data.ts), 1.5 MB less to
 * download; and in zstd, 1.70 MB rather than 2.05 with gzip. The worker answers Pyodide's
 * request for pyodide.asm.wasm with this file, unpacked as it arrives (unpack-zstd.ts), so the
 * wasm still compiles while it downloads. Named `.bin` for the reason given at SNAPSHOT_FILE.
 */
export const WASM_FILE = 'pyodide-wasm-zstd.bin';
export const WASM_DATA_PATCH_FILE = 'wasm-data-patch-zstd.bin';

/**
 * Pyodide's own wasm and pyodide.asm.mjs, under PYODIDE_DIR: what Python starts with when the
 * snapshot cannot be used (the wasm beside the snapshot needs it). Never cached for offline use.
 */
export const COLD_START_DIR = 'cold';
