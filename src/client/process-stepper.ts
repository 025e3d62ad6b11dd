import { stageAfterKey } from '../lib/process/stepping.ts';

/**
 * Brings each server-rendered process stepper (src/components/ProcessStepper.astro) to life:
 * Previous/Next and the arrow keys move between stages; each move marks the stage in the
 * diagram and the table, rewrites the "Step N of M" status (a live region) and shows the state
 * tracker's values for that stage. Everything it shows is already in the page's own table.
 */
export function enhanceSteppers(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-process-stepper]')) {
    if (element.dataset.enhanced) continue;
    element.dataset.enhanced = 'true';
    enhance(element);
  }
}

function enhance(stepper: HTMLElement): void {
  const rows = [...stepper.querySelectorAll<HTMLTableRowElement>('table.stages tbody tr[data-stage]')];
  const count = rows.length;
  const diagramStages = [...stepper.querySelectorAll<SVGGElement>('[data-cycle-diagram] [data-stage]')];
  const historyRows = [...stepper.querySelectorAll<HTMLTableRowElement>('[data-tracker-history] tbody tr[data-stage]')];
  const status = stepper.querySelector<HTMLElement>('[data-status]')!;
  const previous = stepper.querySelector<HTMLButtonElement>('[data-action="previous"]')!;
  const next = stepper.querySelector<HTMLButtonElement>('[data-action="next"]')!;
  const now = stepper.querySelector<HTMLElement>('[data-tracker-now]')!;
  const nowValues = [...now.querySelectorAll<HTMLElement>('[data-tracked]')];
  const cell = (row: Element, selector: string) => row.querySelector(selector)?.textContent?.trim() ?? '';

  let current = 1;
  const show = (stage: number) => {
    current = stage;
    for (const row of rows) {
      const here = Number(row.dataset.stage) === stage;
      row.classList.toggle('is-current', here);
      if (here) row.setAttribute('aria-current', 'step');
      else row.removeAttribute('aria-current');
    }
    for (const group of diagramStages) group.classList.toggle('is-current', Number(group.dataset.stage) === stage);
    const row = rows[stage - 1]!;
    status.textContent = `Step ${stage} of ${count}: ${cell(row, 'td')}`;
    const history = historyRows[stage - 1];
    for (const value of nowValues) value.textContent = history ? cell(history, `[data-tracked="${value.dataset.tracked}"]`) : '';
    // A disabled button drops focus to the page; hand it to the other button instead.
    const focused = document.activeElement;
    previous.disabled = stage === 1;
    next.disabled = stage === count;
    if (focused === previous && previous.disabled) next.focus();
    if (focused === next && next.disabled) previous.focus();
  };

  previous.addEventListener('click', () => show(Math.max(current - 1, 1)));
  next.addEventListener('click', () => show(Math.min(current + 1, count)));
  stepper.addEventListener('keydown', (event) => {
    if (!(event.target instanceof HTMLButtonElement) || !stepper.querySelector('[data-controls]')?.contains(event.target)) return;
    const stage = stageAfterKey(current, event.key, count);
    if (stage === undefined) return;
    event.preventDefault();
    show(stage);
  });

  for (const controls of stepper.querySelectorAll<HTMLElement>('[data-controls]')) controls.hidden = false;
  now.hidden = false;
  stepper.querySelector<HTMLElement>('[data-tracker-history]')!.hidden = true;
  show(1);
}
