import path from 'node:path';

const PREFIX = '\0monaco-css:';
// The id must not end in .css, or Vite's CSS pipeline claims the module back.
const SUFFIX = '.style.js';

/**
 * Monaco's modules import their own CSS. Left to Vite, that CSS is linked in the head of
 * every page that can lazily load the editor, blocking the first render for a stylesheet
 * nobody needs yet. This plugin turns each of those imports into a module that adds the
 * stylesheet when the editor code actually runs.
 * @returns {import('vite').Plugin}
 */
export function monacoCssOnDemand() {
  return {
    name: 'stepwise:monaco-css-on-demand',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.endsWith('.css') || !importer.includes(`${path.sep}monaco-editor${path.sep}`)) return null;
      return PREFIX + path.resolve(path.dirname(importer), source) + SUFFIX;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -SUFFIX.length);
      return [
        `import css from ${JSON.stringify(file + '?inline')};`,
        `const style = document.createElement('style');`,
        `style.dataset.monaco = '';`,
        `style.textContent = css;`,
        `document.head.append(style);`,
      ].join('\n');
    },
  };
}

