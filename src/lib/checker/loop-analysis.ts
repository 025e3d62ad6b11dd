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
  const valueLoops = (value: Span) =>
    facts.loops.some(([from]) => inside(from, value)) || facts.calls.some((call) => looping.has(call.name) && inside(call.at, value));
  const built = (write: Write) => facts.loops.some((loop) => inside(write.at, loop)) || (write.value !== undefined && valueLoops(write.value));
  return names.filter((name) => !facts.writes.some((write) => write.name === name && built(write)));
}
