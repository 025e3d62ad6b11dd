/**
 * The light/dark button. The choice is remembered on this device; until a student makes one,
 * the page follows the system. The inline script in Page.astro applies a saved choice before
 * the first paint; this module only handles the button.
 */
export const THEME_KEY = 'stepwise:theme';

export function wireThemeToggle(button: HTMLButtonElement): void {
  const system = window.matchMedia('(prefers-color-scheme: dark)');
  const isDark = () => (document.documentElement.dataset.theme ?? (system.matches ? 'dark' : 'light')) === 'dark';
  const show = () => button.setAttribute('aria-pressed', String(isDark()));
  show();
  system.addEventListener('change', show);
  button.addEventListener('click', () => {
    const theme = isDark() ? 'light' : 'dark';
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // Storage refused: the choice holds for this page only.
    }
    show();
  });
}
