/**
 * What the comparison finds, before it is worded for the learner. Findings with the same cause
 * (the same wrong type in three groups, the same miscased key in five records) become one
 * message naming the places, so a learner reads one cause instead of twenty symptoms.
 */
export interface Finding {
  /** Findings with equal causes are told as one message. */
  cause: string;
  /** 0: a named cause (shared list, swapped values…); 1: the shape (types, keys); 2: single entries. */
  rank: 0 | 1 | 2;
  /** Where it was found, as code: `groups['Books']`. */
  path: string;
  /** The message, given the place(s) ("`a`", "`a`, `b` and 3 more") and how many there are. */
  say(where: string, count: number): string;
}

/** Messages shown per step; the rest are counted in a last line. */
export const MESSAGES_SHOWN = 3;

const code = (path: string) => `\`${path}\``;

/** "`a`", "`a` and `b`", "`a`, `b` and 3 more". */
export function places(paths: string[]): string {
  if (paths.length === 1) return code(paths[0]!);
  if (paths.length === 2) return `${code(paths[0]!)} and ${code(paths[1]!)}`;
  return `${code(paths[0]!)}, ${code(paths[1]!)} and ${paths.length - 2} more`;
}

/** Groups findings by cause, most specific first (stable within a rank), worded as messages. */
export function wordFindings(findings: Finding[]): string[] {
  const byCause = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = byCause.get(finding.cause);
    if (group) group.push(finding);
    else byCause.set(finding.cause, [finding]);
  }
  return [...byCause.values()]
    .sort((a, b) => a[0]!.rank - b[0]!.rank)
    .map((group) => group[0]!.say(places(group.map((finding) => finding.path)), group.length));
}

/** At most {@link MESSAGES_SHOWN} messages, then "…and N more" for the rest. */
export function capMessages(messages: string[]): string[] {
  if (messages.length <= MESSAGES_SHOWN) return messages;
  const rest = messages.length - MESSAGES_SHOWN;
  return [...messages.slice(0, MESSAGES_SHOWN), `…and ${rest} more ${rest === 1 ? 'thing' : 'things'} to fix once these are done.`];
}
