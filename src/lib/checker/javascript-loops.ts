import { parse } from 'acorn';
import type { LoopFacts, Span } from './loop-analysis.ts';

/** Array and object methods that visit every element: a loop written as a call. */
const ITERATING_METHODS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'flatMap', 'some', 'every', 'find', 'findIndex', 'groupBy']);
const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

// acorn's nodes, read structurally: every field that holds a node is walked.
interface AnyNode {
  type: string;
  start: number;
  end: number;
  [field: string]: unknown;
}
const isNode = (value: unknown): value is AnyNode => typeof value === 'object' && value !== null && typeof (value as AnyNode).type === 'string';
const span = (node: AnyNode): Span => [node.start, node.end];

/** The variable a target or a method call ultimately changes: `groups` in `(groups[c] ??= []).push(x)`. */
function rootName(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  switch (node.type) {
    case 'Identifier':
      return node.name as string;
    case 'MemberExpression':
      return rootName(node.object);
    case 'AssignmentExpression':
      return rootName(node.left);
    case 'CallExpression':
      return rootName(node.callee);
    case 'ChainExpression':
      return rootName(node.expression);
    case 'LogicalExpression':
      return rootName(node.left);
    default:
      return undefined;
  }
}

/** The loop facts of a JavaScript step, or undefined when it does not parse (the run reports that). */
export function javascriptLoopFacts(code: string): LoopFacts | undefined {
  let program: AnyNode;
  try {
    program = parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true }) as unknown as AnyNode;
  } catch {
    return undefined;
  }
  const facts: LoopFacts = { loops: [], writes: [], calls: [], reads: [], loopingFunctions: [] };
  const functions: { name: string; body: Span }[] = [];
  const visit = (node: AnyNode) => {
    if (LOOPS.has(node.type) && isNode(node.body)) facts.loops.push(span(node.body));
    switch (node.type) {
      case 'Identifier':
        facts.reads.push({ name: node.name as string, at: node.start });
        break;
      case 'CallExpression': {
        const callee = node.callee as AnyNode;
        if (callee.type === 'MemberExpression' && isNode(callee.property) && ITERATING_METHODS.has(callee.property.name as string)) facts.loops.push(span(node));
        if (callee.type === 'Identifier') facts.calls.push({ name: callee.name as string, at: node.start });
        const changed = callee.type === 'MemberExpression' ? rootName(callee.object) : undefined;
        if (changed) facts.writes.push({ name: changed, at: node.start });
        break;
      }
      case 'AssignmentExpression': {
        const name = rootName(node.left);
        if (name) facts.writes.push({ name, at: node.start, value: span(node.right as AnyNode) });
        break;
      }
      case 'UpdateExpression': {
        const name = rootName(node.argument);
        if (name) facts.writes.push({ name, at: node.start });
        break;
      }
      case 'VariableDeclarator': {
        const id = node.id as AnyNode;
        const init = node.init as AnyNode | null;
        if (id.type === 'Identifier' && init) {
          facts.writes.push({ name: id.name as string, at: node.start, value: span(init) });
          if (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') functions.push({ name: id.name as string, body: span(init) });
        }
        break;
      }
      case 'FunctionDeclaration':
        if (isNode(node.id)) functions.push({ name: node.id.name as string, body: span(node) });
        break;
      default:
        break;
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.filter(isNode).forEach(visit);
      else if (isNode(value)) visit(value);
    }
  };
  visit(program);
  facts.loopingFunctions = functions.filter(({ body }) => facts.loops.some(([from]) => from >= body[0] && from < body[1])).map(({ name }) => name);
  return facts;
}
