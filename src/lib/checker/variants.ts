import type { DefinedName, Variant } from '../exercise/schema.ts';
import type { Language, StepSource } from '../runner/protocol.ts';
import { assignment } from './literal.ts';

/**
 * Steps 1..N with a variant's data put in: right after the step that defines a name of the
 * variant, a cell sets that name to the variant's value, so every later step computes from the
 * other data. `positions[i]` is where step i ended up, to read its run back.
 */
export function withVariant(
  steps: { defines: DefinedName[] }[],
  sources: StepSource[],
  variant: Variant,
  language: Language,
): { sources: StepSource[]; positions: number[] } {
  const out: StepSource[] = [];
  const positions: number[] = [];
  sources.forEach((source, index) => {
    positions.push(out.length);
    out.push(source);
    const replaced = steps[index]!.defines.map(({ name }) => name).filter((name) => name in variant.values);
    if (replaced.length > 0) {
      out.push({ id: `${source.id}-variant`, code: replaced.map((name) => assignment(name, variant.values[name]!, language)).join('\n'), capture: [] });
    }
  });
  return { sources: out, positions };
}

/** Whether a step is run again on variants: asked for, or implied by a loop requirement. */
export const generalizes = (step: { generalizes?: boolean | undefined; requires: string[] }): boolean => step.generalizes ?? step.requires.includes('loop');
