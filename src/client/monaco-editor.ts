/**
 * Monaco, loaded only when a student comes near an editor. Imports name the editor core and
 * the two tokenizers we use, never the `monaco-editor` entry that would pull every language
 * service and its multi-megabyte workers.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
// Ctrl+M flips this editor-wide switch, which the `tabFocusMode` option does not reflect and
// the public API does not expose; the sign below needs to know when it changes.
// @ts-expect-error: an internal module of monaco-editor, shipped without type declarations
import { TabFocus as MonacoTabFocus } from 'monaco-editor/editor/browser/config/tabFocus.js';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { Language } from '../lib/runner/protocol.ts';
import type { CodeSurface, SurfaceEvents } from './code-surface.ts';
import { CODE_FONT_SIZE, CODE_LINE_HEIGHT, CODE_PADDING, editorHeight } from './editor-metrics.ts';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

// The built-in themes' comment colours fall short of WCAG AA (vs-dark's green is 4.2:1), and
// comments carry the starter's instructions, so both themes lighten or darken them.
monaco.editor.defineTheme('stepwise-light', { base: 'vs', inherit: true, rules: [{ token: 'comment', foreground: '3f6e1f' }], colors: {} });
monaco.editor.defineTheme('stepwise-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [{ token: 'comment', foreground: '8cc97a' }],
  colors: { 'editor.background': '#1d1f24', 'editorLineNumber.foreground': '#9a9a9a' },
});

/** The page's theme: the student's choice on <html data-theme>, else the system's. */
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
const applyTheme = () => {
  const chosen = document.documentElement.dataset.theme;
  const dark = chosen ? chosen === 'dark' : systemDark.matches;
  monaco.editor.setTheme(dark ? 'stepwise-dark' : 'stepwise-light');
};
applyTheme();
systemDark.addEventListener('change', applyTheme);
new MutationObserver(applyTheme).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

/**
 * On a phone, long lines wrap instead of hiding past the edge, and the gutter takes less room.
 * The gutter is line numbers and the decorations' lane only (no glyph margin, no folding), the
 * widths Exercise.astro gives the build-time preview, so Monaco replaces it without a jump.
 */
const narrow = window.matchMedia('(max-width: 40rem)');
const widthOptions = (): monaco.editor.IEditorOptions =>
  narrow.matches ? { wordWrap: 'on', lineNumbersMinChars: 2, lineDecorationsWidth: 4 } : { wordWrap: 'off', lineNumbersMinChars: 4, lineDecorationsWidth: 10 };
const TabFocus = MonacoTabFocus as { getTabFocusMode(): boolean; onDidChangeTabFocus(listener: () => void): { dispose(): void } };
const MODIFIERS = new Set([monaco.KeyCode.Shift, monaco.KeyCode.Ctrl, monaco.KeyCode.Alt, monaco.KeyCode.Meta]);

/** Replaces a step's textarea with Monaco, carrying over its code, focus and label. */
export function mountEditor(host: HTMLElement, textarea: HTMLTextAreaElement, language: Language, events: SurfaceEvents): CodeSurface {
  const hadFocus = document.activeElement === textarea;
  const container = document.createElement('div');
  container.className = 'monaco-host';
  host.append(container);
  const editor = monaco.editor.create(container, {
    value: textarea.value,
    language,
    ariaLabel: textarea.getAttribute('aria-label') ?? 'Code',
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    // The page's monospace font, as the preview and the textarea use.
    fontFamily: getComputedStyle(host).getPropertyValue('--mono').trim() || 'monospace',
    fontSize: CODE_FONT_SIZE,
    lineHeight: CODE_LINE_HEIGHT,
    glyphMargin: false,
    folding: false,
    tabSize: language === 'python' ? 4 : 2,
    renderLineHighlight: 'line',
    overviewRulerLanes: 0,
    scrollbar: { alwaysConsumeMouseWheel: false },
    padding: { top: CODE_PADDING, bottom: CODE_PADDING },
    fixedOverflowWidgets: true,
    ...widthOptions(),
  });
  const onWidth = () => editor.updateOptions(widthOptions());
  narrow.addEventListener('change', onWidth);
  // The content height counts wrapped rows too, so a phone's wrapped code is never cut off.
  const fitHeight = () => {
    container.style.height = `${editorHeight((editor.getContentHeight() - 2 * CODE_PADDING) / CODE_LINE_HEIGHT)}px`;
  };
  fitHeight();
  editor.onDidContentSizeChange(fitHeight);
  editor.onDidChangeModelContent(() => events.onChange());
  // addAction, not addCommand: commands are global, so with one editor per step the last
  // editor created would receive every step's shortcut.
  editor.addAction({ id: 'stepwise.run', label: 'Run this step', keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter], run: events.onRunShortcut });
  editor.onDidFocusEditorText(events.onFocus);

  // Escape, then Tab, leaves the editor (CodeMirror's convention): Escape turns on tab-focus
  // mode for this editor until the next other key or until focus leaves. Ctrl+M is Monaco's
  // own switch, for every editor until pressed again; the computed option is on in either
  // case, and the sign is shown by the editor that has focus, where Tab is about to act.
  const escaped = (on: boolean) => {
    if (editor.getRawOptions().tabFocusMode !== on) editor.updateOptions({ tabFocusMode: on });
  };
  const showTabMode = () => events.onTabMovesFocus?.(editor.hasTextFocus() && (editor.getOption(monaco.editor.EditorOption.tabFocusMode) || TabFocus.getTabFocusMode()));
  editor.onKeyDown((event) => {
    if (event.keyCode === monaco.KeyCode.Escape) escaped(true);
    else if (event.keyCode !== monaco.KeyCode.Tab && !MODIFIERS.has(event.keyCode)) escaped(false);
  });
  editor.onDidFocusEditorText(showTabMode);
  editor.onDidBlurEditorText(() => {
    escaped(false);
    showTabMode();
  });
  editor.onDidChangeConfiguration((change) => {
    if (change.hasChanged(monaco.editor.EditorOption.tabFocusMode)) showTabMode();
  });
  const tabFocusListener = TabFocus.onDidChangeTabFocus(showTabMode);
  editor.onDidDispose(() => tabFocusListener.dispose());

  textarea.hidden = true;
  host.removeAttribute('data-preview');
  if (hadFocus) {
    editor.focus();
    // The caret stays where the student put it in the textarea.
    editor.setPosition(editor.getModel()!.getPositionAt(textarea.selectionStart));
  }
  const traced = editor.createDecorationsCollection();

  return {
    value: () => editor.getValue(),
    setValue: (code) => editor.setValue(code),
    setLanguage: (next) => {
      monaco.editor.setModelLanguage(editor.getModel()!, next);
      editor.updateOptions({ tabSize: next === 'python' ? 4 : 2 });
    },
    markError: (error) => {
      const model = editor.getModel()!;
      if (!error) return monaco.editor.setModelMarkers(model, 'stepwise', []);
      const line = Math.min(Math.max(1, error.line), model.getLineCount());
      monaco.editor.setModelMarkers(model, 'stepwise', [
        {
          severity: monaco.MarkerSeverity.Error,
          message: error.message,
          startLineNumber: line,
          startColumn: error.column ?? model.getLineFirstNonWhitespaceColumn(line) ?? 1,
          endLineNumber: line,
          endColumn: model.getLineMaxColumn(line),
        },
      ]);
    },
    highlightLine: (line) => {
      if (line === undefined) return traced.clear();
      const model = editor.getModel()!;
      const at = Math.min(Math.max(1, line), model.getLineCount());
      traced.set([{ range: new monaco.Range(at, 1, at, 1), options: { isWholeLine: true, className: 'trace-line', linesDecorationsClassName: 'trace-line-marker' } }]);
      editor.revealLineInCenterIfOutsideViewport(at);
    },
    focus: () => editor.focus(),
    hasFocus: () => editor.hasTextFocus(),
  };
}
