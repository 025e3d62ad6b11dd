import { parse, type Node, type Pattern, type Program } from 'acorn';

export type ParsedScript =
  | { ok: true; program: Program }
  | { ok: false; message: string; line: number; column: number };

/** Parses a learner's step as a classic script: top-level declarations become notebook names. */
export function parseScript(code: string): ParsedScript {
  try {
    return { ok: true, program: parse(code, { ecmaVersion: 'latest', sourceType: 'script', locations: true }) };
  } catch (error) {
    const { loc, message } = error as { loc?: { line: number; column: number }; message: string };
    return {
      ok: false,
      // acorn appends "(line:column)"; the editor shows the position, so the text need not.
      message: message.replace(/\s*\(\d+:\d+\)$/, ''),
      line: loc?.line ?? 1,
      column: (loc?.column ?? 0) + 1,
    };
  }
}

/** Names a step's code declares at its top level: what later steps can see. */
export function topLevelNames(program: Program): string[] {
  const names: string[] = [];
  const fromPattern = (pattern: Pattern | null | undefined): void => {
    if (!pattern) return;
    switch (pattern.type) {
      case 'Identifier':
        names.push(pattern.name);
        break;
      case 'ObjectPattern':
        for (const property of pattern.properties) fromPattern(property.type === 'RestElement' ? property.argument : property.value);
        break;
      case 'ArrayPattern':
        pattern.elements.forEach(fromPattern);
        break;
      case 'RestElement':
        fromPattern(pattern.argument);
        break;
      case 'AssignmentPattern':
        fromPattern(pattern.left);
        break;
      default:
        break;
    }
  };
  for (const statement of program.body) {
    if (statement.type === 'VariableDeclaration') statement.declarations.forEach((d) => fromPattern(d.id));
    else if ((statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') && statement.id) names.push(statement.id.name);
  }
  return [...new Set(names)];
}
