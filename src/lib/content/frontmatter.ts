import { parse as parseYaml } from 'yaml';

/** Splits an MDX file into its YAML frontmatter (parsed) and body. */
export function readFrontmatter(text: string): { data: unknown; body: string } | { error: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return { error: 'has no frontmatter (a block between two "---" lines at the top)' };
  try {
    return { data: parseYaml(match[1]!) ?? {}, body: text.slice(match[0].length) };
  } catch (error) {
    return { error: `frontmatter is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Ids of the components of a kind an MDX body embeds, e.g. `<Exercise id="x" />`. */
export function embeddedIds(body: string, component: string): string[] {
  return [...body.matchAll(new RegExp(`<${component}\\s[^>]*\\bid=["']([^"']+)["']`, 'g'))].map((match) => match[1]!);
}
