/**
 * Where the site serves Pyodide (copied from node_modules by src/build/pyodide-assets.mjs),
 * and the interpreter snapshot the build writes beside it. Shared by the build, the browser
 * worker and the CLI's worker, which all find the files by these names.
 */
export const PYODIDE_DIR = 'pyodide';

/**
 * A started interpreter's memory, gzipped: restoring it skips Python's own start-up. Not named
 * `.gz`: servers label such a file `Content-Encoding: gzip` (Vite's preview, Apache's
 * defaults), and the browser then unpacks it on arrival, so the offline cache would hold and
 * hash 31 MB instead of 6 (measured: 2 to 3 s of a first visit's Python start on 2 cores).
 */
export const SNAPSHOT_FILE = 'interpreter-snapshot-gzip.bin';

/**
 * The standard library, in two zips (src/build/python-stdlib.mjs): Pyodide's usual name holds
 * what Python starts with; the rest is fetched on the first import that needs it.
 */
export const STDLIB_FILE = 'python_stdlib.zip';
export const STDLIB_REST_FILE = 'python_stdlib_rest.zip';
