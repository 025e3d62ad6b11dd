/**
 * Splits Pyodide's standard library zip (2.5 MB, already deflated) in two, so that a first
 * Python verdict downloads only the part Python starts with:
 * - STDLIB_FILE: the files a booted interpreter with the harness has imported (their code is in
 *   the snapshot; the zip still answers source lookups), plus modules learners often import;
 * - STDLIB_REST_FILE: everything else, fetched by the harness's last import finder
 *   (`StdlibRest` in python_harness.py) the first time code imports a module from it, and kept
 *   for offline use with the rest of Python once Python has run. The first zip lists its modules
 *   (REST_INDEX), so that a typo costs no download.
 * Runs in a Pyodide booted from the complete zip, with Python's own zipfile.
 */

/**
 * Kept whole in the first zip, beyond what Python and the harness load anyway: modules learners
 * in a course on data import, and Pyodide's own package with what pyodide.http imports (urllib,
 * and ipaddress through urllib.parse). A first import from the second zip costs its download and
 * unpacking inside the run's time budget (0.8 s measured through the offline cache on an idle
 * 2-core machine), so what learners commonly reach must not be there.
 */
const KEEP = ['datetime', '_strptime', 'calendar', 'statistics', 'fractions', 'numbers', 'decimal', 'csv', 'pprint', 'urllib', 'ipaddress', 'pyodide', '_pyodide'];

/** Read by the harness (STDLIB_REST_INDEX in python_harness.py). */
const REST_INDEX = '_stepwise_stdlib_rest.txt';

const SPLIT = `
import io, sys, zipfile

def split(keep):
    whole = next(entry for entry in sys.path if entry.endswith('.zip'))
    loaded = {module.__file__[len(whole) + 1:] for module in list(sys.modules.values()) if (getattr(module, '__file__', None) or '').startswith(whole + '/')}
    first, second, rest = io.BytesIO(), io.BytesIO(), []
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(first, 'w') as start, zipfile.ZipFile(second, 'w') as later:
        for info in source.infolist():
            # Directory entries are left out: imports do not need them, and one of Pyodide's
            # points at another file's header.
            if info.is_dir():
                continue
            top = info.filename.split('/')[0].removesuffix('.py')
            target = start if info.filename in loaded or top in keep else later
            target.writestr(info, source.read(info.filename))
            if target is later and info.filename.endswith('.py'):
                rest.append(info.filename[:-3].removesuffix('/__init__').replace('/', '.'))
        start.writestr('${REST_INDEX}', '\\n'.join(sorted(rest)))
    return first.getvalue(), second.getvalue()

split
`;

/**
 * The two zips' bytes, from an interpreter booted from the complete zip with the harness loaded.
 * @param {{ runPython(code: string): any }} pyodide
 * @returns {{ first: Uint8Array, rest: Uint8Array }}
 */
export function splitStdlib(pyodide) {
  const split = pyodide.runPython(SPLIT);
  const halves = split(pyodide.toPy(KEEP));
  const [first, rest] = halves.toJs();
  halves.destroy();
  split.destroy();
  return { first, rest };
}
