/**
 * A "Copy" button on every data table and code block of a page, so students can take the data
 * an exercise gives them into their editor. Tables copy as tab-separated text (pastes as rows
 * in a spreadsheet, readable in code); code copies as written.
 */
const asText = (element: HTMLElement): string =>
  element instanceof HTMLTableElement
    ? [...element.rows].map((row) => [...row.cells].map((cell) => cell.textContent?.trim() ?? '').join('\t')).join('\n')
    : (element.textContent ?? '');

export function addCopyButtons(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>('main table, main pre:not([data-output]):not([data-code-preview])')) {
    if (element.parentElement?.classList.contains('copyable')) continue;
    const wrapper = document.createElement('div');
    wrapper.className = 'copyable';
    element.replaceWith(wrapper);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    const label = element instanceof HTMLTableElement ? 'Copy table' : 'Copy code';
    button.textContent = label;
    button.addEventListener('click', () => {
      navigator.clipboard.writeText(asText(element)).then(
        () => (button.textContent = 'Copied'),
        () => (button.textContent = 'Select and copy by hand'),
      );
      setTimeout(() => (button.textContent = label), 2000);
    });
    wrapper.append(button, element);
  }
}
