/** Whether the built page may carry an exercise's reference solutions (manifest field `solutions`). */
export function solutionsShown(setting: string, builtAt: Date): boolean {
  if (setting === 'always') return true;
  if (setting === 'never') return false;
  return builtAt.getTime() >= Date.parse(setting.slice('after '.length));
}
