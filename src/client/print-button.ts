/**
 * "Download PDF" buttons: the browser's own print dialog saves the page as a PDF, so no server
 * makes one. The buttons are rendered hidden and shown here, since without JavaScript they
 * could do nothing (the browser's Print menu still works and uses the same print stylesheet).
 */
export function enablePrintButtons(root: ParentNode): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-print]')) {
    button.addEventListener('click', () => window.print());
    button.closest<HTMLElement>('[data-print-tools]')!.hidden = false;
  }
}
