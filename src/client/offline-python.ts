/**
 * The "Make Python available offline" control (src/components/OfflinePython.astro): shown once
 * the service worker answers, with the size still to download; replaced by a sentence once
 * everything is stored.
 */
import { keepForOffline, offlineStatus } from './offline-cache.ts';

const KEPT = 'Python is available offline on this device.';
const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

export async function startOfflinePython(): Promise<void> {
  const root = document.querySelector<HTMLElement>('[data-offline-python]');
  if (!root) return;
  const button = root.querySelector<HTMLButtonElement>('[data-offline-python-button]')!;
  const status = root.querySelector<HTMLElement>('[data-offline-python-status]')!;
  const show = (kept: boolean, bytes: number) => {
    root.hidden = false;
    button.hidden = kept;
    button.textContent = `Make Python available offline (${megabytes(bytes)})`;
    if (kept) status.textContent = KEPT;
  };
  const first = await offlineStatus();
  if (!first) return;
  show(first.python, first.bytes);
  // Using Python keeps it too (src/client/python-worker.ts).
  document.addEventListener('stepwise:offline-kept', async () => {
    const now = await offlineStatus();
    if (now?.python) show(true, 0);
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = `Downloading ${megabytes(first.bytes)} for offline use…`;
    await keepForOffline(true);
    const now = await offlineStatus();
    button.disabled = false;
    if (now?.python) show(true, 0);
    else status.textContent = 'Python could not be saved for offline use. Check your connection and try again.';
  });
}
