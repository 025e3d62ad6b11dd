/** Formats what a learner passes to console.log the way browser consoles do, compactly. */
export function formatLogArguments(args: unknown[]): string {
  return args.map((arg) => (typeof arg === 'string' ? arg : formatValue(arg, 0, new Set()))).join(' ');
}

function formatValue(value: unknown, depth: number, seen: Set<object>): string {
  if (typeof value === 'string') return depth === 0 ? value : `'${value.replace(/'/g, "\\'")}'`;
  if (typeof value === 'function') return `[Function ${value.name || '(anonymous)'}]`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value !== 'object' || value === null) return String(value);
  if (seen.has(value)) return '[Circular]';
  if (depth > 4) return Array.isArray(value) ? '[Array]' : '[Object]';
  seen.add(value);
  try {
    const inner = (v: unknown) => formatValue(v, depth + 1, seen);
    if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(inner).join(', ')} ]`;
    if (value instanceof Map) return `Map(${value.size}) { ${[...value].map(([k, v]) => `${inner(k)} => ${inner(v)}`).join(', ')} }`;
    if (value instanceof Set) return `Set(${value.size}) { ${[...value].map(inner).join(', ')} }`;
    const entries = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${inner(v)}`);
    const proto = Object.getPrototypeOf(value);
    const prefix = proto && proto !== Object.prototype && proto.constructor?.name ? `${proto.constructor.name} ` : '';
    return entries.length === 0 ? `${prefix}{}` : `${prefix}{ ${entries.join(', ')} }`;
  } finally {
    seen.delete(value);
  }
}
