import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import type { LoopFacts, Span } from './loop-analysis.ts';

/** Built-in functions that visit every element: a loop written as a call. */
const ITERATING_FUNCTIONS = new Set(['map', 'filter']);

const span = (node: SyntaxNode): Span => [node.from, node.to];

/** The variable a target or a method call ultimately changes: `groups` in `groups.setdefault(c, []).append(n)`. */
function rootName(node: SyntaxNode | null, source: string): string | undefined {
  if (!node) return undefined;
  switch (node.name) {
    case 'VariableName':
      return source.slice(node.from, node.to);
    case 'MemberExpression':
    case 'CallExpression':
      return rootName(node.firstChild, source);
    case 'ParenthesizedExpression':
      return rootName(node.firstChild?.nextSibling ?? null, source);
    default:
      return undefined;
  }
}

const children = (node: SyntaxNode): SyntaxNode[] => {
  const list: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
  return list;
};

/**
 * The loop facts of a Python step, from Lezer's syntax tree. Lezer recovers from syntax
 * errors instead of failing; the run reports those anyway, so a best-effort tree is fine here.
 */
export function pythonLoopFacts(code: string): LoopFacts {
  const facts: LoopFacts = { loops: [], writes: [], calls: [], reads: [], loopingFunctions: [] };
  const functions: { name: string; body: Span }[] = [];
  const cursor = parser.parse(code).cursor();
  do {
    const node = cursor.node;
    switch (node.name) {
      case 'VariableName':
        facts.reads.push({ name: code.slice(node.from, node.to), at: node.from });
        break;
      case 'ForStatement':
      case 'WhileStatement': {
        const body = node.getChild('Body');
        if (body) facts.loops.push(span(body));
        break;
      }
      case 'ArrayComprehensionExpression':
      case 'DictionaryComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'ComprehensionExpression':
        facts.loops.push(span(node));
        break;
      case 'CallExpression': {
        const callee = node.firstChild;
        if (callee?.name === 'VariableName') {
          const name = code.slice(callee.from, callee.to);
          facts.calls.push({ name, at: node.from });
          if (ITERATING_FUNCTIONS.has(name)) facts.loops.push(span(node));
        } else if (callee?.name === 'MemberExpression') {
          const changed = rootName(callee.firstChild, code);
          if (changed) facts.writes.push({ name: changed, at: node.from });
        }
        break;
      }
      case 'AssignStatement': {
        const parts = children(node);
        const lastOp = parts.map((part) => part.name).lastIndexOf('AssignOp');
        const value = parts.slice(lastOp + 1).filter((part) => part.name !== ',');
        const valueSpan: Span | undefined = value.length > 0 ? [value[0]!.from, value[value.length - 1]!.to] : undefined;
        for (const target of parts.slice(0, lastOp)) {
          const name = rootName(target, code);
          if (name) facts.writes.push({ name, at: node.from, ...(valueSpan ? { value: valueSpan } : {}) });
        }
        break;
      }
      case 'UpdateStatement': {
        const name = rootName(node.firstChild, code);
        if (name) facts.writes.push({ name, at: node.from });
        break;
      }
      case 'FunctionDefinition': {
        const name = node.getChild('VariableName');
        if (name) functions.push({ name: code.slice(name.from, name.to), body: span(node) });
        break;
      }
      default:
        break;
    }
  } while (cursor.next());
  facts.loopingFunctions = functions.filter(({ body }) => facts.loops.some(([from]) => from >= body[0] && from < body[1])).map(({ name }) => name);
  return facts;
}
