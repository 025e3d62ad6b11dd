/**
 * "Download my work": turns what an exercise's editors hold into one file in the hand-in
 * format (see src/lib/submission/hand-in-file.ts) and saves it through the browser.
 */
import type { Language } from '../lib/runner/protocol.ts';
import { handInFile } from '../lib/submission/hand-in-file.ts';

export function startHandIn(root: HTMLElement, exerciseId: string, collect: () => { language: Language; codes: string[] }): void {
  const panel = root.querySelector<HTMLElement>('[data-hand-in]');
  if (!panel) return;
  const name = panel.querySelector<HTMLInputElement>('[data-hand-in-name]')!;
  const status = panel.querySelector<HTMLElement>('[data-hand-in-status]')!;
  panel.querySelector('[data-hand-in-button]')!.addEventListener('click', () => {
    const { language, codes } = collect();
    const file = handInFile({ exerciseId, language, codes, studentName: name.value, date: new Date() });
    const url = URL.createObjectURL(new Blob([file.text], { type: 'text/plain;charset=utf-8' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
    link.click();
    // The browser has taken the file once click() returns; the URL is only freed after this task.
    setTimeout(() => URL.revokeObjectURL(url));
    status.textContent = `Saved ${file.fileName} to your downloads. Hand in that file where your teacher asked.`;
  });
}
