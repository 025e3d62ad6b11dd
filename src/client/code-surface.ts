import type { Language } from '../lib/runner/protocol.ts';

/** Where a step's code lives: the plain textarea at first, Monaco once it has loaded. */
export interface CodeSurface {
  value(): string;
  setValue(code: string): void;
  setLanguage(language: Language): void;
  /** Marks a line as the place of an error; `undefined` clears every mark. */
  markError(error: { line: number; column?: number; message: string } | undefined): void;
  /** Shows a line as the one a trace is at; `undefined` clears it. */
  highlightLine(line: number | undefined): void;
  focus(): void;
  hasFocus(): boolean;
}

export interface SurfaceEvents {
  onChange(): void;
  onRunShortcut(): void;
  /** The student put the cursor in the code: a good moment to start the language's runtime. */
  onFocus(): void;
  /** Tab stopped indenting and moves focus (Ctrl+M, or Escape just pressed), or indents again. */
  onTabMovesFocus?(on: boolean): void;
}

/**
 * Keeps the build-time highlighted preview (src/components/CodePreview.astro) over the textarea
 * only while the textarea holds exactly the code it shows, the shown language's starter.
 */
function syncPreview(textarea: HTMLTextAreaElement): void {
  const host = textarea.closest<HTMLElement>('[data-editor]');
  const preview = host?.querySelector<HTMLElement>('[data-code-preview]:not([hidden])');
  const shown = preview ? [...preview.querySelectorAll('.line')].map((line) => line.textContent).join('\n') : undefined;
  host?.toggleAttribute('data-preview', shown === textarea.value);
}

/** The textarea rendered by the server: usable before (or without) the editor. */
export function textareaSurface(textarea: HTMLTextAreaElement, events: SurfaceEvents): CodeSurface {
  textarea.addEventListener('input', events.onChange);
  textarea.addEventListener('input', () => syncPreview(textarea));
  textarea.addEventListener('focus', events.onFocus);
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      events.onRunShortcut();
    }
  });
  return {
    value: () => textarea.value,
    setValue: (code) => {
      textarea.value = code;
      syncPreview(textarea);
    },
    setLanguage: () => syncPreview(textarea),
    markError: (error) => {
      if (error) textarea.setAttribute('aria-invalid', 'true');
      else textarea.removeAttribute('aria-invalid');
    },
    // A textarea cannot mark one line; the trace's own text says which line it is at.
    highlightLine: () => {},
    focus: () => textarea.focus(),
    hasFocus: () => document.activeElement === textarea,
  };
}
