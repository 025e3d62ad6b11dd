/**
 * "Built with a loop", decided on the learner's syntax tree in the checker's own thread, so
 * nothing the learner's code does at run time can fake it. Each language module reduces its
 * tree to the same few facts, and one rule judges them for every language.
 */

/** A span of source: [from, to). */
export type Span = readonly [number, number];

/** A place where the code writes to a top-level name: assigns it, or changes what it holds. */
export interface Write {
  name: string;
  at: number;
  /** The assigned expression, for a plain assignment. */
  value?: Span;
}

export interface LoopFacts {
  /** Bodies of loops, comprehensions and iterating calls (`map`, `forEach`, `Object.groupBy`…). */
  loops: Span[];
  writes: Write[];
  /** Calls of functions by name, so `groups = build(customers)` counts when `build` loops. */
  calls: { name: string; at: number }[];
  /** Names read, so `groups = Object.fromEntries(byCategory)` counts when `byCategory` was built in a loop. */
  reads: { name: string; at: number }[];
  /** Functions whose body holds a loop. */
  loopingFunctions: string[];
}

const inside = (at: number, [from, to]: Span) => at >= from && at < to;

/**
 * The names of `names` that the code does not build inside a loop. A name counts as built when
 * a write to it sits in a loop, or when its assigned value is (or calls something that is) a
 * loop: a comprehension, `Object.groupBy`, or a helper that loops. `helpers` are the facts of
 * the code that runs before (the preamble and earlier steps), for functions defined there.
 */
export function namesNotBuiltInLoop(facts: LoopFacts, names: string[], helpers: LoopFacts[] = []): string[] {
  const looping = new Set([...facts.loopingFunctions, ...helpers.flatMap((helper) => helper.loopingFunctions)]);
  const checking = new Set<string>();
  const valueLoops = (value: Span): boolean =>
    facts.loops.some(([from]) => inside(from, value)) ||
    facts.calls.some((call) => looping.has(call.name) && inside(call.at, value)) ||
    facts.reads.some((read) => inside(read.at, value) && builtInLoop(read.name));
  const built = (write: Write) => facts.loops.some((loop) => inside(write.at, loop)) || (write.value !== undefined && valueLoops(write.value));
  function builtInLoop(name: string): boolean {
    // A name being checked counts as not built, so `a = b; b = a` cannot prove itself.
    if (checking.has(name)) return false;
    checking.add(name);
    const result = facts.writes.some((write) => write.name === name && built(write));
    checking.delete(name);
    return result;
  }
  return names.filter((name) => !builtInLoop(name));
}
