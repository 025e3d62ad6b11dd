/** Whether the built page may carry an exercise's reference solutions (manifest field `solutions`). */
export function solutionsShown(setting: string, builtAt: Date): boolean {
  if (setting === 'always') return true;
  if (setting === 'never') return false;
  return builtAt.getTime() >= Date.parse(setting.slice('after '.length));
}

/** A step's code as the page may ship it: with the solution emptied when it is withheld. */
export function codeForPage<C extends { starter: string; solution: string }>(code: Partial<Record<string, C>>, show: boolean): Partial<Record<string, C>> {
  if (show) return code;
  return Object.fromEntries(Object.entries(code).map(([language, files]) => [language, { ...files!, solution: '' }]));
}
