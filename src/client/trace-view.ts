/**
 * The Trace of a step, loaded on a student's first click on Trace so that a lesson page pays
 * nothing for it up front. Runs steps 1..N with the last one traced line by line, then shows a
 * region under the step: Previous/Next, a slider and the arrow keys move through the executed
 * lines, the editor highlights the line, and a table shows each name's value after it, with
 * what changed marked. The recording and its frames are src/lib/trace; this file only shows them.
 */
import { stageAfterKey } from '../lib/process/stepping.ts';
import { RUN_BUDGET_MS, type Language, type StepRun, type StepSource } from '../lib/runner/protocol.ts';
import { formatValue, DEFAULT_FORMAT } from '../lib/trace/format.ts';
import { TraceRecording, type TraceFrame } from '../lib/trace/recording.ts';
import { TRACE_LIMITS } from '../lib/trace/schema.ts';
import type { CodeSurface } from './code-surface.ts';
import { runnerFor } from './runners.ts';
import STYLES from './trace-view.css?inline';

export interface TraceRequest {
  section: HTMLElement;
  /** 1-based number of the step traced. */
  number: number;
  language: Language;
  /** Steps 1..N; the last one is traced. */
  steps: StepSource[];
  /** The step's editor as it is now (the textarea until Monaco has loaded). */
  surface(): CodeSurface;
  onLoading(message: string): void;
}

/** Traces the step and shows the result in its Trace region, replacing an earlier trace. */
export async function traceStep(request: TraceRequest): Promise<TraceView> {
  addStyles();
  const view = new TraceView(request);
  if (request.language !== 'python') {
    view.showMessage('The trace follows Python code only for now. Choose Python as the language to trace this step line by line.');
    return view;
  }
  const recording = new TraceRecording();
  const runs = await runnerFor(request.language).run(request.steps, { onLoading: request.onLoading, onTrace: (chunk) => recording.add(chunk) });
  view.show(recording, runs);
  return view;
}

const NARROW = '(max-width: 40rem)';

export class TraceView {
  private readonly region: HTMLElement;
  private readonly request: TraceRequest;
  private frames: TraceFrame[] = [];
  private printed = '';
  private at = 0;
  private controls: { previous: HTMLButtonElement; next: HTMLButtonElement; slider: HTMLInputElement; status: HTMLElement; body: HTMLTableSectionElement; caption: HTMLElement; output: HTMLElement; gone: HTMLElement } | undefined;

  constructor(request: TraceRequest) {
    this.request = request;
    request.section.querySelector('[data-trace]')?.remove();
    const id = `${request.section.querySelector('h3')?.id ?? 'step'}-trace`;
    this.region = element('section', { class: 'trace', 'data-trace': '', 'aria-labelledby': id });
    this.region.append(element('h4', { id }, `Trace of step ${request.number}`));
    request.section.querySelector('[data-output-region]')!.after(this.region);
  }

  /** A trace that could not be made: the region says why and holds nothing else. */
  showMessage(text: string): void {
    this.region.append(element('p', { role: 'status', class: 'trace-note' }, text));
  }

  show(recording: TraceRecording, runs: StepRun[]): void {
    this.frames = recording.frames;
    this.printed = recording.printed;
    const note = endingNote(recording, runs, this.request.number);
    this.region.append(element('p', { class: 'trace-note', 'data-kind': note.kind }, note.text));
    if (this.frames.length === 0) {
      this.region.append(element('p', { role: 'status', class: 'visually-hidden' }, note.text));
      return;
    }
    const previous = element('button', { type: 'button' }, '◀ Previous');
    const next = element('button', { type: 'button' }, 'Next ▶');
    const slider = element('input', { type: 'range', min: '1', max: String(this.frames.length), value: '1', 'aria-label': 'Executed line' });
    const status = element('p', { role: 'status', class: 'trace-position' });
    const caption = element('caption');
    const body = element('tbody');
    const table = element('table', { class: 'trace-values' }, caption, element('thead', {}, element('tr', {}, element('th', { scope: 'col' }, 'Name'), element('th', { scope: 'col' }, 'Value'))), body);
    const gone = element('p', { class: 'trace-gone' });
    const output = element('pre', { class: 'trace-output', tabindex: '0' });
    this.region.append(element('div', { class: 'trace-controls' }, previous, slider, next), status, table, gone);
    if (this.printed) this.region.append(element('p', { class: 'trace-output-label' }, 'Printed so far:'), output);
    this.controls = { previous, next, slider, status, body, caption, output, gone };

    previous.addEventListener('click', () => this.moveTo(this.at - 1));
    next.addEventListener('click', () => this.moveTo(this.at + 1));
    slider.addEventListener('input', () => this.moveTo(Number(slider.value) - 1));
    this.region.addEventListener('keydown', (event) => {
      // The slider moves with the arrows by itself; elsewhere in the region the arrows step.
      if (event.target === slider || event.key === 'ArrowUp' || event.key === 'ArrowDown') return;
      const stage = stageAfterKey(this.at + 1, event.key, this.frames.length);
      if (stage === undefined) return;
      event.preventDefault();
      this.moveTo(stage - 1);
    });
    this.moveTo(0);
    // The first announcement says how the trace ended, then where it starts.
    status.textContent = `${note.text} ${status.textContent}`;
    next.focus();
  }

  /** The code changed: the highlight no longer matches it, so it goes and the trace says so. */
  outdated(): void {
    if (this.region.dataset.stale !== undefined) return;
    this.region.dataset.stale = '';
    this.request.surface().highlightLine(undefined);
    this.region.querySelector('h4')!.after(element('p', { class: 'trace-note', 'data-kind': 'stale' }, 'Out of date: you changed the code since this trace. Press Trace again to follow the new code.'));
  }

  close(): void {
    this.request.surface().highlightLine(undefined);
    this.region.remove();
  }

  private moveTo(index: number): void {
    const controls = this.controls;
    if (!controls || this.frames.length === 0) return;
    this.at = Math.min(Math.max(index, 0), this.frames.length - 1);
    const frame = this.frames[this.at]!;
    const count = this.frames.length;
    const where = `Executed line ${this.at + 1} of ${count}: line ${frame.line} of your code`;
    controls.status.textContent = `${where}.`;
    controls.slider.value = String(this.at + 1);
    controls.slider.setAttribute('aria-valuetext', where);
    // aria-disabled rather than disabled: a disabled button drops the keyboard focus to the page.
    controls.previous.setAttribute('aria-disabled', String(this.at === 0));
    controls.next.setAttribute('aria-disabled', String(this.at === count - 1));
    controls.caption.textContent = `Values after line ${frame.line} ran`;
    const options = window.matchMedia(NARROW).matches ? { ...DEFAULT_FORMAT, width: 34 } : DEFAULT_FORMAT;
    const rows = [...frame.values].map(([name, value]) => {
      const change = frame.changes.get(name);
      const nameCell = element('th', { scope: 'row' }, element('code', {}, name));
      if (change) nameCell.append(' ', element('span', { class: 'trace-change' }, change));
      const shown = value.kind === 'value' ? element('code', {}, formatValue(value.value, this.request.language, options)) : element('span', { class: 'trace-what' }, value.what);
      const row = element('tr', {}, nameCell, element('td', {}, shown));
      if (change) row.dataset.change = change;
      return row;
    });
    if (rows.length === 0) rows.push(element('tr', {}, element('td', { colspan: '2' }, 'No names defined yet.')));
    controls.body.replaceChildren(...rows);
    controls.gone.textContent = frame.gone.length > 0 ? `No longer defined after this line: ${frame.gone.join(', ')}.` : '';
    controls.output.textContent = this.printed.slice(0, frame.printedLength) || '(nothing yet)';
    if (this.region.dataset.stale === undefined) this.request.surface().highlightLine(frame.line);
  }
}

/** What the student should know about how the trace ended, before stepping through it. */
function endingNote(recording: TraceRecording, runs: StepRun[], number: number): { kind: string; text: string } {
  const run = runs.at(-1)!;
  const lines = recording.frames.length;
  const counted = `${lines.toLocaleString('en')} executed line${lines === 1 ? '' : 's'}`;
  if (run.status === 'skipped') {
    const failed = runs.findIndex((r) => r.status === 'error' || r.status === 'timeout') + 1;
    return { kind: 'error', text: `Step ${failed} did not finish, so step ${number} could not be traced. Run step ${failed} to see why.` };
  }
  if (recording.stopped === 'cap') {
    return { kind: 'stopped', text: `The trace stopped after ${TRACE_LIMITS.lines.toLocaleString('en')} executed lines, the most it records. Is there a loop that never ends? Step through what it recorded below.` };
  }
  if (recording.stopped === 'time' || run.status === 'timeout') {
    return { kind: 'stopped', text: `The trace stopped at the ${RUN_BUDGET_MS / 1000}-second time limit after ${counted}. Is there a loop that never ends? Step through what it recorded below.` };
  }
  if (run.status === 'error' && run.error) {
    const at = run.error.line ? ` on line ${run.error.line}` : '';
    return { kind: 'error', text: `The step stopped with ${run.error.name}${at}: ${run.error.message}. The trace shows the ${counted} before it.` };
  }
  if (lines === 0) return { kind: 'done', text: 'Nothing to trace: this step has no code that runs.' };
  return { kind: 'done', text: `Your step ran to the end: ${counted}. Step through them to watch the values change.` };
}

let stylesAdded = false;
/** The view's styles arrive with its code, not linked from every lesson page up front. */
function addStyles(): void {
  if (stylesAdded) return;
  stylesAdded = true;
  const style = document.createElement('style');
  style.dataset.trace = '';
  style.textContent = STYLES;
  document.head.append(style);
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
