/**
 * "Download my work": turns what an exercise's editors hold into one file in the hand-in
 * format (see src/lib/submission/hand-in-file.ts) and saves it through the browser.
 */
import type { Language } from '../lib/runner/protocol.ts';
import { handInFile } from '../lib/submission/hand-in-file.ts';
import type { ExerciseConfig } from './exercise-config.ts';

/** Hands the browser a file to save, as a download. */
function save(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  Object.assign(document.createElement('a'), { href: url, download: fileName }).click();
  // The browser has taken the file once click() returns; the URL is only freed after this task.
  setTimeout(() => URL.revokeObjectURL(url));
}

export function startHandIn(root: HTMLElement, config: ExerciseConfig, collect: () => { language: Language; codes: string[] }): void {
  const exerciseId = config.id;
  const panel = root.querySelector<HTMLElement>('[data-hand-in]');
  if (!panel) return;
  const name = panel.querySelector<HTMLInputElement>('[data-hand-in-name]')!;
  const status = panel.querySelector<HTMLElement>('[data-hand-in-status]')!;
  panel.querySelector('[data-hand-in-button]')!.addEventListener('click', () => {
    const { language, codes } = collect();
    const file = handInFile({ exerciseId, language, codes, studentName: name.value, date: new Date() });
    save(file.fileName, file.text, 'text/plain;charset=utf-8');
    status.textContent = `Saved ${file.fileName} to your downloads. Hand in that file where your teacher asked.`;
  });
  panel.querySelector('[data-notebook-button]')?.addEventListener('click', async () => {
    const { language, codes } = collect();
    if (language !== 'python' || !config.notebook) {
      status.textContent = 'Notebooks are Python only: choose Python as the language, then download your Python code as a notebook.';
      return;
    }
    // Loaded on first use: the page does not pay for it up front.
    const { buildNotebook } = await import('../lib/notebook/build-notebook.ts');
    const steps = config.steps.map((step, index) => ({ ...config.notebook!.steps[index]!, defines: step.defines, expected: step.expected }));
    const notebook = buildNotebook({ exercise: { id: exerciseId, title: config.notebook.title, summary: config.notebook.summary, steps }, codes });
    save(`${exerciseId}.ipynb`, `${JSON.stringify(notebook, null, 1)}\n`, 'application/x-ipynb+json');
    status.textContent = `Saved ${exerciseId}.ipynb to your downloads. Open it in Jupyter; its last cell checks your work.`;
  });
}
