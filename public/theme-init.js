// Applies a saved light/dark choice before the first paint, so the other theme never flashes.
// A file rather than an inline script: the site's Content-Security-Policy runs no inline code.
// Keep the key in step with src/client/theme-toggle.ts.
try {
  const theme = localStorage.getItem('stepwise:theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {}
