import { parse as parseYaml, YAMLParseError } from 'yaml';
import { describeYamlError } from '../yaml-problems.ts';

/** Splits an MDX file into its YAML frontmatter (parsed) and body; a YAML error comes with its line in the file. */
export function readFrontmatter(text: string): { data: unknown; body: string } | { error: string; line?: number } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return { error: 'has no frontmatter (a block between two "---" lines at the top)' };
  try {
    return { data: parseYaml(match[1]!) ?? {}, body: text.slice(match[0].length) };
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const { line, reason } = describeYamlError(error, match[1]!);
    // The frontmatter starts on the file's second line, after "---".
    return { error: reason, ...(line ? { line: line + 1 } : {}) };
  }
}

/** Ids of the components of a kind an MDX body embeds, e.g. `<Exercise id="x" />`. */
export function embeddedIds(body: string, component: string): string[] {
  return [...body.matchAll(new RegExp(`<${component}\\s[^>]*\\bid=["']([^"']+)["']`, 'g'))].map((match) => match[1]!);
}
