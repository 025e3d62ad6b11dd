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

/** The textarea rendered by the server: usable before (or without) the editor. */
export function textareaSurface(textarea: HTMLTextAreaElement, events: SurfaceEvents): CodeSurface {
  textarea.addEventListener('input', events.onChange);
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
    },
    setLanguage: () => {},
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
