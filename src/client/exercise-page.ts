/**
 * The part of an exercise that every lesson page loads up front: it restores saved work,
 * wires the buttons and decides when to fetch the heavy parts (editor, runner, checker).
 *
 * What a step shows (its badge, the step count, whether its verdict still holds) is derived
 * from the saved progress and each verdict's judged code by `lib/progress/exercise-state.ts`;
 * this file only puts the result on screen.
 */
import { normalizeCode } from '../lib/exercise/step-markers.ts';
import { countDone, markDone, resetStep, shownLanguage, stepStatus, verdictFreshness, type Verdict, type VerdictKind } from '../lib/progress/exercise-state.ts';
import { browserProgressStore, type ProgressStore, type StepProgress, type StepStatus } from '../lib/progress/store.ts';
import type { Language, StepRun } from '../lib/runner/protocol.ts';
import { textareaSurface, type CodeSurface, type SurfaceEvents } from './code-surface.ts';
import type { ExerciseConfig } from './exercise-config.ts';
import { renderMessage } from './render-message.ts';
import { startHandIn } from './hand-in.ts';
import { keepForOffline, untilOfflineCacheControls } from './offline-cache.ts';
import { startPython } from './python-worker.ts';

const SAVE_DELAY_MS = 300;
/** A student still on the page after this long will most likely run code: Python starts then. */
const IDLE_WARM_UP_MS = 3000;
const LANGUAGE_NAMES: Record<Language, string> = { python: 'Python', javascript: 'JavaScript' };
const EMPTY_OUTPUT = 'Run your code to see what it prints.';
const loadEditor = () => import('./monaco-editor.ts');
const loadPractice = () => import('./practice.ts');
const loadRequirements = () => import('./requirements.ts');
const loadTrace = () => import('./trace-view.ts');

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
    this.language = shownLanguage(store.exercise(config.id), config.languages);
    this.steps = [...root.querySelectorAll<HTMLElement>('section[data-step]')].map((section, index) => new StepView(this, section, index));
    this.showLanguage();

    const select = root.querySelector<HTMLSelectElement>('[data-language]');
    if (select) {
      select.value = this.language;
      select.addEventListener('change', () => this.switchLanguage(select.value as Language));
    }
    this.watchForEditors();
    this.warmUpOnNeed();
    startHandIn(root, config, () => ({ language: this.language, codes: this.steps.map((step) => (step.flushSave(), step.code())) }));
  }

  currentLanguage(): Language {
    return this.language;
  }

  stepConfig(index: number) {
    return this.config.steps[index]!;
  }

  savedStep(index: number): StepProgress | undefined {
    return this.store.exercise(this.config.id).steps[this.config.steps[index]!.id];
  }

  private updateStep(index: number, change: (step: StepProgress) => void): void {
    this.store.updateStep(this.config.id, this.config.steps[index]!.id, change);
  }

  saveCode(index: number, code: string): void {
    this.updateStep(index, (step) => {
      step.code[this.language] = code;
    });
  }

  markStep(index: number, status: StepStatus): void {
    this.updateStep(index, (step) => markDone(step, this.language, status));
    this.updateProgress();
    // The course navigation ticks the page and says what comes next (src/client/course-progress.ts).
    document.dispatchEvent(new CustomEvent('stepwise:progress'));
  }

  resetStep(index: number): void {
    this.updateStep(index, (step) => resetStep(step, this.language));
    this.updateProgress();
    document.dispatchEvent(new CustomEvent('stepwise:progress'));
  }

  countHint(index: number, shown: number): void {
    this.updateStep(index, (step) => {
      step.hintsShown[this.language] = shown;
    });
  }

  /** The code of steps 1..N as it is on screen now. */
  codesUpTo(index: number): string[] {
    return this.steps.slice(0, index + 1).map((step) => step.code());
  }

  /** A step's code changed: its verdict and those of the steps after it (which ran it) may no longer hold. */
  codeChanged(index: number): void {
    this.steps.slice(index).forEach((step) => step.reviewVerdict());
  }

  /**
   * Starts the current language's runtime once a student starts working (Python takes seconds).
   * Python's worker is made as soon as the offline cache controls the page, so that its downloads
   * are kept once; the code that runs and judges follows it, and its runner takes the worker over.
   */
  warmUp(): void {
    const language = this.language;
    if (this.warmed.has(language)) return;
    this.warmed.add(language);
    const started = untilOfflineCacheControls().then(() => language === 'python' && startPython());
    void Promise.all([loadPractice(), started]).then(([{ warmUpRunner }]) => warmUpRunner(language));
  }

  async runUpTo(index: number, mode: 'run' | 'check', onLoading: (message: string) => void) {
    // The runner's downloads go through the offline cache, which keeps them: one download, not two.
    const [{ attempt }] = await Promise.all([loadPractice(), untilOfflineCacheControls()]);
    return attempt(this.config, this.language, this.codesUpTo(index), index, mode, onLoading);
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
    const named = this.root.querySelector('[data-progress-language]');
    if (named && this.config.languages.length > 1) named.textContent = ` in ${LANGUAGE_NAMES[this.language]}`;
    this.steps.forEach((step) => step.showLanguage(this.language));
    this.updateProgress();
  }

  private updateProgress(): void {
    const exercise = this.store.exercise(this.config.id);
    const done = countDone(exercise, this.config.steps.map((step) => step.id), this.language);
    this.root.querySelector('[data-progress-count]')!.textContent = String(done);
    this.root.querySelector<HTMLProgressElement>('[data-progress-bar]')!.value = done;
    this.steps.forEach((view, index) => view.showBadge(stepStatus(exercise.steps[this.config.steps[index]!.id], this.language)));
  }

  /**
   * Python takes seconds to download: it starts when a student heads for an editor (pointer
   * over it; focus is handled by codeFocused) or once the page has sat idle a few seconds,
   * never merely because the page was opened.
   */
  private warmUpOnNeed(): void {
    for (const editor of this.root.querySelectorAll('[data-editor]')) editor.addEventListener('pointerenter', () => this.warmUp(), { once: true });
    const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(() => this.warmUp()) : this.warmUp());
    setTimeout(idle, IDLE_WARM_UP_MS);
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
  /** The last Check's outcome and the code it judged; undefined when nothing on screen is a verdict. */
  private verdictOf: Verdict | undefined;
  private readonly verdict: HTMLElement;
  private readonly output: HTMLElement;
  private readonly hints: HTMLOListElement;
  /** The step's Trace region, once the student has traced it. */
  private trace: import('./trace-view.ts').TraceView | undefined;

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
    // The trace's code is fetched when a pointer or the focus reaches its button, ahead of the click.
    const traceButton = section.querySelector('[data-action="trace"]');
    for (const event of ['pointerenter', 'focus']) traceButton?.addEventListener(event, () => void loadTrace(), { once: true });
  }

  code(): string {
    return this.surface.value();
  }

  showLanguage(language: Language): void {
    this.surface.setValue(this.savedOrStarter(language));
    this.surface.setLanguage(language);
    this.surface.markError(undefined);
    this.hints.replaceChildren();
    this.hints.hidden = true;
    this.hintsShown = 0;
    const saved = this.page.savedStep(this.index)?.hintsShown[language] ?? 0;
    for (let i = 0; i < saved; i++) this.revealHint();
    this.clearVerdict();
    this.setOutput(EMPTY_OUTPUT, 'empty');
    this.closeTrace();
  }

  showBadge(status: StepStatus | undefined): void {
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
        // Fetched before the offline cache took control on a first visit: kept now, for offline use.
        void keepForOffline(false);
      })
      .catch((error: unknown) => {
        // The textarea keeps working; the student loses highlighting, not their work.
        console.error('The code editor could not start:', error);
      });
    return this.upgrading;
  }

  /** Called when this step's code or an earlier step's changed: keeps the verdict only while it still holds. */
  reviewVerdict(): void {
    if (!this.verdictOf) return;
    const freshness = verdictFreshness(this.verdictOf, this.page.codesUpTo(this.index));
    if (freshness === 'earlier-changed' || (freshness === 'edited' && this.verdictOf.kind === 'not-attempted')) {
      this.clearVerdict();
    } else if (freshness === 'edited' && this.verdict.dataset.stale === undefined) {
      this.verdict.dataset.stale = '';
      const note = document.createElement('p');
      note.className = 'note';
      note.textContent = 'Out of date: you changed the code since this check. Check again to update it.';
      this.verdict.append(note);
      this.showRequirements(new Set());
    }
  }

  private surfaceEvents(): SurfaceEvents {
    return {
      onChange: () => {
        clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => this.flushSave(), SAVE_DELAY_MS);
        this.page.codeChanged(this.index);
        this.trace?.outdated();
      },
      onRunShortcut: () => void this.act('run'),
      onFocus: () => this.page.codeFocused(),
      onTabMovesFocus: (on) => {
        this.section.querySelector<HTMLElement>('[data-tab-mode]')!.hidden = !on;
        this.section.querySelector<HTMLElement>('[data-editor]')!.toggleAttribute('data-tab-moves-focus', on);
      },
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
      case 'trace':
        return this.traceCode();
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
        this.setVerdict({ kind: 'info' }, 'Solution shown. Read it through, then run it to see what it prints.');
        return;
      case 'reset':
        if (!window.confirm('Reset this step to its starter code? Your code for this step will be lost, and the step will not count as done.')) return;
        clearTimeout(this.saveTimer);
        this.saveTimer = undefined;
        this.surface.setValue(this.starter(this.page.currentLanguage()));
        this.page.resetStep(this.index);
        this.page.codeChanged(this.index);
        this.surface.markError(undefined);
        this.clearVerdict();
        this.setOutput(EMPTY_OUTPUT, 'empty');
        this.closeTrace();
        return;
    }
  }

  /** Runs steps 1..N with this one traced line by line, and shows the Trace under the step. */
  private async traceCode(): Promise<void> {
    if (this.busy) return;
    this.flushSave();
    await this.whileBusy(async () => {
      const { traceStep } = await loadTrace();
      const steps = this.page.codesUpTo(this.index).map((code, i) => ({ id: this.page.stepConfig(i).id, code, capture: [] }));
      this.trace = await traceStep({
        section: this.section,
        number: this.index + 1,
        language: this.page.currentLanguage(),
        steps,
        surface: () => this.surface,
        onLoading: (message) => this.showLoading(message),
      });
      if (this.verdict.dataset.kind === 'loading') this.clearVerdict();
    });
  }

  /**
   * Runs `work` with the step marked busy: aria-busy tells assistive technology, and a second
   * Run, Check or Trace is ignored until it ends. A runner that cannot start is said in the verdict.
   */
  private async whileBusy(work: () => Promise<void>): Promise<void> {
    this.section.setAttribute('aria-busy', 'true');
    try {
      await work();
    } catch (error) {
      this.setVerdict({ kind: 'error' }, 'Not yet: the runner could not start.', [(error as Error).message]);
    } finally {
      this.section.removeAttribute('aria-busy');
    }
  }

  private get busy(): boolean {
    return this.section.hasAttribute('aria-busy');
  }

  private closeTrace(): void {
    this.trace?.close();
    this.trace = undefined;
  }

  private revealHint(): void {
    const hints = this.page.stepConfig(this.index).hints[this.page.currentLanguage()] ?? [];
    if (this.hintsShown >= hints.length) {
      // A graded exercise ships no solution (manifest `solutions`), so the page cannot offer one.
      const solutionShown = this.section.querySelector('[data-action="solution"]') !== null;
      const last = solutionShown ? 'That was the last hint. Show the solution if you are still stuck.' : 'That was the last hint. Ask your teacher if you are still stuck.';
      this.setVerdict({ kind: 'info' }, hints.length === 0 ? 'This step has no hints.' : last);
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
    this.flushSave();
    const codes = this.page.codesUpTo(this.index);
    const language = this.page.currentLanguage();
    // Checking the starter as it came is not a wrong answer: nothing to run, nothing to blame.
    if (mode === 'check' && normalizeCode(codes[this.index]!) === normalizeCode(this.starter(language))) {
      this.setVerdict({ kind: 'not-attempted', judged: codes }, 'Not attempted yet: write your code in the editor, then press Check.');
      return;
    }
    this.setOutput(mode === 'run' ? 'Running…' : 'Checking…', 'empty');
    await this.whileBusy(async () => {
      const result = await this.page.runUpTo(this.index, mode, (message) => this.showLoading(message));
      const run = result.runs[this.index]!;
      this.showRun(run, result.runs);
      if (result.report) {
        const kind: VerdictKind = result.report.status;
        this.setVerdict({ kind, judged: codes }, result.headline!, result.report.messages);
        if (kind === 'pass') this.page.markStep(this.index, 'passed');
        const { metRequirements } = await loadRequirements();
        this.showRequirements(metRequirements(this.page.stepConfig(this.index), run, language, result.notBuiltInLoop ?? []));
      } else if (run.status !== 'ok') {
        // A verdict speaks for code that ran; code that now stops replaces it.
        this.setVerdict({ kind: run.status === 'timeout' ? 'timeout' : 'error', judged: codes }, 'Your code did not run to the end; the output below says why.');
      } else if (this.verdict.dataset.kind === 'loading' || this.verdict.dataset.kind === 'info') {
        this.clearVerdict();
      }
    });
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

  /** While a runtime starts: its message in the step's live status only, with an indeterminate bar. */
  private showLoading(message: string): void {
    this.setVerdict({ kind: 'loading' }, message);
    const bar = document.createElement('progress');
    bar.setAttribute('aria-hidden', 'true');
    this.verdict.append(bar);
  }

  /** Ticks the requirements the last Check confirmed; an empty set unticks them all. */
  private showRequirements(met: Set<string>): void {
    for (const item of this.section.querySelectorAll<HTMLElement>('[data-requirement]')) {
      const isMet = met.has(item.dataset.requirement!);
      item.toggleAttribute('data-met', isMet);
      item.querySelector('[data-requirement-state]')!.textContent = isMet ? ' (done)' : ' (not confirmed yet)';
    }
  }

  private clearVerdict(): void {
    this.verdictOf = undefined;
    this.verdict.replaceChildren();
    delete this.verdict.dataset.kind;
    delete this.verdict.dataset.stale;
    this.showRequirements(new Set());
  }

  /** Shows one message for one state; `judged` makes it a verdict that code changes can outdate. */
  private setVerdict(state: { kind: VerdictKind | 'info' | 'loading'; judged?: readonly string[] }, title: string, messages: string[] = []): void {
    this.verdictOf = state.judged && state.kind !== 'info' && state.kind !== 'loading' ? { kind: state.kind, judged: state.judged } : undefined;
    this.verdict.dataset.kind = state.kind;
    delete this.verdict.dataset.stale;
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
