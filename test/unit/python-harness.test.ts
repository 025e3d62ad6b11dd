import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MESSAGE_LIMITS, OUTPUT_LIMITS } from '../../src/lib/runner/protocol.ts';

const HARNESS = fileURLToPath(new URL('../../src/lib/runner/python_harness.py', import.meta.url));
/** Debian's python3-pyflakes; CPython of any kind for the rest. */
const pyflakes = ['/usr/bin/python3', 'python3'].find((python) => spawnSync(python, ['-m', 'pyflakes', '--version']).status === 0);
const python = ['python3', '/usr/bin/python3'].find((candidate) => spawnSync(candidate, ['--version']).status === 0);

describe('the Python harness file', () => {
  it.skipIf(!pyflakes)('is clean under pyflakes', () => {
    expect(spawnSync(pyflakes!, ['-m', 'pyflakes', HARNESS], { encoding: 'utf8' }).stdout).toBe('');
  });

  it.skipIf(!python)('caps output and error text in CPython too, and turns data into plain values', () => {
    const script = `
import json, runpy, sys
harness = runpy.run_path(sys.argv[1])
output = harness['Output']()
for _ in range(5000):
    output.write('x' * 50 + '\\n')
values, unreadable = harness['capture'](['a', 'b', 'c'], {'a': (1, [2.5, 'x']), 'b': {1, 2}, 'c': {'k': None}})
error = harness['runtime_error'](Exception('y' * 100000), '<step 1>')
print(json.dumps([output.truncated, output.size, values, unreadable, len(error['message']), harness['MAX_LINES'], harness['MAX_CHARS']]))
`;
    const [truncated, size, values, unreadable, messageLength, maxLines, maxChars] = JSON.parse(execFileSync(python!, ['-c', script, HARNESS], { encoding: 'utf8' }));
    expect(truncated).toBe(true);
    expect(size).toBeLessThanOrEqual(OUTPUT_LIMITS.bytes);
    expect(values).toEqual({ a: [1, [2.5, 'x']], c: { k: null } });
    expect(unreadable).toEqual({ b: ['a set (use a list instead)', ''] });
    expect(messageLength).toBe(MESSAGE_LIMITS.errorChars);
    // The file's own defaults match protocol.ts; python.ts sets them from there anyway.
    expect([maxLines, maxChars]).toEqual([OUTPUT_LIMITS.lines, OUTPUT_LIMITS.bytes]);
  });
});
