/**
 * Collects changed files from a watcher and hands them over once changes have stopped for
 * `quietMs`. Editors and scripts write a file in steps (truncate, then write) and the watcher
 * may report only the first, so reading at once can see an empty or half-written file and
 * never hear of the rest. Hand-overs never overlap, so an older read cannot land after a newer one.
 */
export function settledChanges(handle: (files: string[]) => Promise<void>, quietMs = 150): (file: string) => void {
  const changed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let previous: Promise<void> = Promise.resolve();
  return (file) => {
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed];
      changed.clear();
      // A failed hand-over must not stop later ones; it is reported, not swallowed.
      previous = previous.then(() => handle(files)).catch((error: unknown) => console.error(error));
    }, quietMs);
  };
}
