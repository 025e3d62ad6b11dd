/**
 * Splits Pyodide's standard library zip (2.5 MB, already deflated) in two, so that a first
 * Python verdict downloads only what it may read:
 * - STDLIB_FILE: modules learners often import that a booted interpreter has not (KEEP), and the
 *   list of the second zip's modules. What the interpreter and the harness have imported is not
 *   there: their code is in the snapshot, and Python reads a module's file only to import it (the
 *   harness shows learners no standard library source). That was 0.8 of the zip's 0.93 MB.
 * - STDLIB_REST_FILE: everything else, fetched by the harness's last import finder
 *   (`StdlibRest` in python_harness.py) the first time code imports a module from it, and kept
 *   for offline use with the rest of Python once Python has run. The first zip lists its modules
 *   (REST_INDEX), so that a typo costs no download.
 * So the first zip cannot start Python alone: the snapshot is made from a third zip, the whole
 * library with the list (`bootable`), then told to read the first (pyodide-assets.mjs). A start
 * without the snapshot uses Pyodide's own zip.
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
import copy, io, sys, zipfile

def split(keep):
    whole = next(entry for entry in sys.path if entry.endswith('.zip'))
    loaded = {module.__file__[len(whole) + 1:] for module in list(sys.modules.values()) if (getattr(module, '__file__', None) or '').startswith(whole + '/')}
    first, second, complete, rest = io.BytesIO(), io.BytesIO(), io.BytesIO(), []
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(first, 'w') as start, zipfile.ZipFile(second, 'w') as later, zipfile.ZipFile(complete, 'w') as bootable:
        for info in source.infolist():
            # Directory entries are left out: imports do not need them, and one of Pyodide's
            # points at another file's header.
            if info.is_dir():
                continue
            top = info.filename.split('/')[0].removesuffix('.py')
            target = start if top in keep and info.filename not in loaded else later
            data = source.read(info.filename)
            # A copy each: writestr records the entry's place in its zip on the ZipInfo itself.
            target.writestr(copy.copy(info), data)
            bootable.writestr(copy.copy(info), data)
            if target is later and info.filename.endswith('.py'):
                rest.append(info.filename[:-3].removesuffix('/__init__').replace('/', '.'))
        index = '\\n'.join(sorted(rest))
        start.writestr('${REST_INDEX}', index)
        bootable.writestr('${REST_INDEX}', index)
    return first.getvalue(), second.getvalue(), complete.getvalue()

split
`;

/**
 * The zips' bytes, from an interpreter booted from the complete zip with the harness loaded.
 * @param {{ runPython(code: string): any, toPy(value: unknown): any }} pyodide
 * @returns {{ first: Uint8Array, rest: Uint8Array, bootable: Uint8Array }}
 */
export function splitStdlib(pyodide) {
  const split = pyodide.runPython(SPLIT);
  const zips = split(pyodide.toPy(KEEP));
  const [first, rest, bootable] = zips.toJs();
  zips.destroy();
  split.destroy();
  return { first, rest, bootable };
}
