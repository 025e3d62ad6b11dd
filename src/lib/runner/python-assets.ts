/**
 * Where the site serves Pyodide (copied from node_modules by src/build/pyodide-assets.mjs),
 * and the interpreter snapshot the build writes beside it. Shared by the build, the browser
 * worker and the CLI's worker, which all find the files by these names.
 */
export const PYODIDE_DIR = 'pyodide';

/** A started interpreter's memory, gzipped: restoring it skips Python's own start-up. */
export const SNAPSHOT_FILE = 'interpreter-snapshot.bin.gz';
