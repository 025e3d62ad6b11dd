import { loadPyodide } from 'pyodide';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
let t = performance.now();
const snap = gunzipSync(readFileSync('public/pyodide/interpreter-snapshot.bin.gz'));
const py = await loadPyodide({ _loadSnapshot: snap, stdout(){}, stderr(){} });
console.log('boot', performance.now() - t);
for (const k of ['fetch','WebSocket','EventSource']) delete globalThis[k];
for (const code of ['1+1', 'import js; js.eval("1")', 'from pyodide.code import run_js; run_js("1")', 'import js; js.Function.new("return 1")()', 'import json; json.dumps([1])']) {
  try { console.log(code, '->', String(py.runPython(code))); } catch (e) { console.log(code, 'ERR', String(e.message).split('\n').at(-2)); }
}
