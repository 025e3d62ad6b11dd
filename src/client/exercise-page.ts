/**
 * The part of an exercise that every lesson page loads up front: it restores saved work,
 * wires the buttons and decides when to fetch the heavy parts (editor, runner, checker).
 */
import { browserProgressStore, type ProgressStore } from '../lib/progress/store.ts';
import type { Language, StepRun } from '../lib/runner/protocol.ts';
import { textareaSurface, type CodeSurface } from './code-surface.ts';
import type { ExerciseConfig } from './exercise-config.ts';
import { renderMessage } from './render-message.ts';

const SAVE_DELAY_MS = 300;
const loadEditor = () => import('./monaco-editor.ts');
const loadPractice = () => import('./practice.ts');

export function startExercises(): void {
  const store = browserProgressStore();
  for (const root of document.querySelectorAll<HTMLElement>('[data-exercise]')) {
    const config = JSON.parse(root.querySelector('[data-exercise-config]')!.textContent!) as ExerciseConfig;
    new ExercisePage(root, config, store);
  }
}

class ExercisePage {
  private language: Language;
  private readonly steps: StepView[];
  private readonly root: HTMLElement;
  private readonly config: ExerciseConfig;
  private readonly store: ProgressStore;
  private readonly warmed = new Set<Language>();
  private touched = false;

  constructor(root: HTMLElement, config: ExerciseConfig, store: ProgressStore) {
    this.root = root;
    this.config = config;
    this.store = store;
    const saved = store.exercise(config.id);
    this.language = saved.language && config.languages.includes(saved.language) ? saved.language : config.languages[0]!;
    this.steps = [...root.querySelectorAll<HTMLElement>('section[data-step]')].map((section, index) => new StepView(this, section, index));
    this.showLanguage();
    this.updateProgress();

    const select = root.querySelector<HTMLSelectElement>('[data-language]');
    if (select) {
      select.value = this.language;
      select.addEventListener('change', () => this.switchLanguage(select.value as Language));
    }
    this.watchForEditors();
  }

  currentLanguage(): Language {
    return this.language;
  }

  stepConfig(index: number) {
    return this.config.steps[index]!;
  }

  savedStep(index: number) {
    return this.store.exercise(this.config.id).steps[this.config.steps[index]!.id];
  }

  saveCode(index: number, code: string): void {
    this.store.updateStep(this.config.id, this.config.steps[index]!.id, (step) => {
      step.code[this.language] = code;
    });
  }

  markStep(index: number, status: 'passed' | 'solved-with-help'): void {
    this.store.updateStep(this.config.id, this.config.steps[index]!.id, (step) => {
      // A step first solved with help stays so; a pass after a pass changes nothing.
      if (!step.status || (status === 'passed' && step.status !== 'solved-with-help')) step.status = status;
    });
    this.updateProgress();
    document.dispatchEvent(new CustomEvent('stepwise:progress'));
  }

  countHint(index: number, shown: number): void {
    this.store.updateStep(this.config.id, this.config.steps[index]!.id, (step) => {
      step.hintsShown = shown;
    });
  }

  /** Starts the current language's runtime once a student starts working (Python takes seconds). */
  warmUp(): void {
    const language = this.language;
    if (this.warmed.has(language)) return;
    this.warmed.add(language);
    void loadPractice().then(({ warmUpRunner }) => warmUpRunner(language));
  }

  async runUpTo(index: number, mode: 'run' | 'check', onLoading: (message: string) => void) {
    const codes = this.steps.slice(0, index + 1).map((step) => step.code());
    const { attempt } = await loadPractice();
    return attempt(this.config, this.language, codes, index, mode, onLoading);
  }

  private switchLanguage(language: Language): void {
    this.steps.forEach((step) => step.flushSave());
    this.language = language;
    this.store.updateExercise(this.config.id, (exercise) => {
      exercise.language = language;
    });
    this.showLanguage();
    if (this.touched) this.warmUp();
  }

  /** Called on every focus of a step's code. */
  codeFocused(): void {
    this.touched = true;
    this.warmUp();
  }

  private showLanguage(): void {
    for (const element of this.root.querySelectorAll<HTMLElement>('[data-for-language]')) {
      element.hidden = element.dataset.forLanguage !== this.language;
    }
    this.steps.forEach((step) => step.showLanguage(this.language));
  }

  private updateProgress(): void {
    const saved = this.store.exercise(this.config.id).steps;
    const done = this.config.steps.filter((step) => saved[step.id]?.status).length;
    this.root.querySelector('[data-progress-count]')!.textContent = String(done);
    this.root.querySelector<HTMLProgressElement>('[data-progress-bar]')!.value = done;
    this.steps.forEach((view, index) => view.showBadge(saved[this.config.steps[index]!.id]?.status));
  }

  /** Loads Monaco when a step comes near the viewport or a student focuses its textarea. */
  private watchForEditors(): void {
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          observer.unobserve(entry.target);
          this.steps.find((step) => step.section === entry.target)?.upgradeEditor();
        }
      },
      { rootMargin: '200px 0px' },
    );
    this.steps.forEach((step) => observer.observe(step.section));
  }
}

class StepView {
  readonly section: HTMLElement;
  private readonly page: ExercisePage;
  private readonly index: number;
  private readonly textarea: HTMLTextAreaElement;
  private surface: CodeSurface;
  private upgrading: Promise<void> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private hintsShown = 0;
  private busy = false;
  private readonly verdict: HTMLElement;
  private readonly output: HTMLElement;
  private readonly hints: HTMLOListElement;

  constructor(page: ExercisePage, section: HTMLElement, index: number) {
    this.page = page;
    this.section = section;
    this.index = index;
    this.textarea = section.querySelector('textarea')!;
    this.verdict = section.querySelector('[data-verdict]')!;
    this.output = section.querySelector('[data-output]')!;
    this.hints = section.querySelector('[data-hints]')!;
    this.surface = textareaSurface(this.textarea, this.surfaceEvents());
    this.textarea.addEventListener('focus', () => this.upgradeEditor(), { once: true });
    for (const button of section.querySelectorAll<HTMLButtonElement>('[data-action]')) {
      button.addEventListener('click', () => this.act(button.dataset.action!));
    }
    const restoredHints = page.savedStep(index)?.hintsShown ?? 0;
    for (let i = 0; i < restoredHints; i++) this.revealHint();
  }

  code(): string {
    return this.surface.value();
  }

  showLanguage(language: Language): void {
    this.surface.setValue(this.savedOrStarter(language));
    this.surface.setLanguage(language);
    this.surface.markError(undefined);
    this.hints.replaceChildren();
    const shown = this.hintsShown;
    this.hintsShown = 0;
    for (let i = 0; i < shown; i++) this.revealHint();
    this.setVerdict(undefined);
    this.setOutput('Run your code to see what it prints.', 'empty');
  }

  showBadge(status: 'passed' | 'solved-with-help' | undefined): void {
    const badge = this.section.querySelector<HTMLElement>('[data-badge]')!;
    badge.hidden = !status;
    badge.dataset.kind = status === 'solved-with-help' ? 'help' : 'done';
    badge.textContent = status === 'solved-with-help' ? 'Solved with help' : status ? '✓ Done' : '';
  }

  flushSave(): void {
    if (this.saveTimer === undefined) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.page.saveCode(this.index, this.code());
  }

  upgradeEditor(): Promise<void> {
    this.upgrading ??= loadEditor()
      .then(({ mountEditor }) => {
        this.surface = mountEditor(this.section.querySelector('[data-editor]')!, this.textarea, this.page.currentLanguage(), this.surfaceEvents());
        this.section.dataset.editorReady = '';
      })
      .catch(() => {
        // The textarea keeps working; the student loses highlighting, not their work.
      });
    return this.upgrading;
  }

  private surfaceEvents() {
    return {
      onChange: () => {
        clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => this.flushSave(), SAVE_DELAY_MS);
      },
      onRunShortcut: () => void this.act('run'),
      onFocus: () => this.page.codeFocused(),
    };
  }

  private savedOrStarter(language: Language): string {
    return this.page.savedStep(this.index)?.code[language] ?? this.starter(language);
  }

  private starter(language: Language): string {
    return this.page.stepConfig(this.index).code[language]?.starter ?? '';
  }

  private async act(action: string): Promise<void> {
    switch (action) {
      case 'run':
      case 'check':
        return this.execute(action);
      case 'hint':
        this.revealHint();
        this.page.countHint(this.index, this.hintsShown);
        return;
      case 'solution':
        if (!window.confirm('Show the solution for this step? It will replace your code, and the step will count as solved with help.')) return;
        this.flushSave();
        this.surface.setValue(this.page.stepConfig(this.index).code[this.page.currentLanguage()]?.solution ?? '');
        this.page.saveCode(this.index, this.code());
        this.page.markStep(this.index, 'solved-with-help');
        this.surface.markError(undefined);
        this.setVerdict('info', 'Solution shown. Read it through, then run it to see what it prints.');
        return;
      case 'reset':
        if (!window.confirm('Reset this step to its starter code? Your code for this step will be lost.')) return;
        this.surface.setValue(this.starter(this.page.currentLanguage()));
        this.page.saveCode(this.index, this.code());
        this.surface.markError(undefined);
        this.setVerdict(undefined);
        this.setOutput('Run your code to see what it prints.', 'empty');
        return;
    }
  }

  private revealHint(): void {
    const hints = this.page.stepConfig(this.index).hints[this.page.currentLanguage()] ?? [];
    if (this.hintsShown >= hints.length) {
      this.setVerdict('info', hints.length === 0 ? 'This step has no hints.' : 'That was the last hint. Show the solution if you are still stuck.');
      return;
    }
    const item = document.createElement('li');
    item.innerHTML = hints[this.hintsShown]!;
    this.hints.append(item);
    this.hints.hidden = false;
    this.hintsShown += 1;
  }

  private async execute(mode: 'run' | 'check'): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.flushSave();
    this.section.setAttribute('aria-busy', 'true');
    this.setOutput(mode === 'run' ? 'Running…' : 'Checking…', 'empty');
    try {
      const result = await this.page.runUpTo(this.index, mode, (message) => this.showLoading(message));
      const run = result.runs[this.index]!;
      this.showRun(run, result.runs);
      if (result.report) {
        this.setVerdict(result.report.status, result.headline!, result.report.messages);
        if (result.report.status === 'pass') this.page.markStep(this.index, 'passed');
      } else if (run.status === 'ok' || this.verdict.dataset.kind === 'loading') {
        this.setVerdict(undefined);
      }
    } catch (error) {
      this.setVerdict('error', 'Not yet: the runner could not start.', [(error as Error).message]);
    } finally {
      this.busy = false;
      this.section.removeAttribute('aria-busy');
    }
  }

  private showRun(run: StepRun, runs: StepRun[]): void {
    const error = run.error;
    this.surface.markError(run.status === 'error' && error?.line ? { line: error.line, message: `${error.name}: ${error.message}`, ...(error.column ? { column: error.column } : {}) } : undefined);
    const printed = run.output + (run.truncated ? `\n… output truncated: only the first 1,000 lines or 100 KB are shown.` : '');
    if (run.status === 'ok') {
      this.setOutput(printed || 'Ran without errors. (Nothing was printed.)', printed ? 'text' : 'empty');
      return;
    }
    let explanation: string;
    if (run.status === 'timeout') {
      explanation = 'Stopped: your code ran for more than 2 seconds. Is there a loop that never ends? Your code is still in the editor.';
    } else if (run.status === 'skipped') {
      const failed = runs.findIndex((r) => r.status === 'error' || r.status === 'timeout');
      explanation = `Step ${failed + 1} did not finish, so this step did not run. Fix step ${failed + 1} first.`;
    } else if (error) {
      explanation = `${error.name}${error.line ? ` on line ${error.line}` : ''}: ${error.message}${error.traceback ? `\n\n${error.traceback}` : ''}`;
    } else {
      explanation = 'Your code did not finish.';
    }
    this.setOutput(printed ? `${printed}\n${explanation}` : explanation, 'error');
  }

  /** While a runtime starts: the message in the step's live status, with an indeterminate bar. */
  private showLoading(message: string): void {
    this.setVerdict('loading', message);
    const bar = document.createElement('progress');
    bar.setAttribute('aria-hidden', 'true');
    this.verdict.append(bar);
    this.setOutput(message, 'empty');
  }

  private setVerdict(kind: string | undefined, title?: string, messages: string[] = []): void {
    if (!kind || !title) {
      this.verdict.replaceChildren();
      delete this.verdict.dataset.kind;
      return;
    }
    this.verdict.dataset.kind = kind;
    const heading = document.createElement('p');
    heading.textContent = title;
    const nodes: Node[] = [heading];
    if (messages.length > 0) {
      const list = document.createElement('ul');
      for (const message of messages) {
        const item = document.createElement('li');
        item.append(...renderMessage(message));
        list.append(item);
      }
      nodes.push(list);
    }
    this.verdict.replaceChildren(...nodes);
  }

  private setOutput(text: string, kind: 'text' | 'empty' | 'error'): void {
    this.output.textContent = text;
    this.output.dataset.kind = kind;
  }
}
