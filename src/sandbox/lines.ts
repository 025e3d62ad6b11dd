/**
 * The sandbox side of the channel to the grader: JSON lines on stdin and stdout. Requests come
 * from the grader (trusted); answers are checked by the grader again whatever this side sends.
 */
export function onRequests(handle: (request: unknown) => void | Promise<void>): void {
  let pending = '';
  let queue = Promise.resolve();
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      queue = queue.then(() => handle(JSON.parse(line)));
    }
  });
  // The grader is gone: nobody will read an answer.
  process.stdin.on('end', () => process.exit(0));
}

const write = process.stdout.write.bind(process.stdout);

export function answer(message: unknown): void {
  write(`${JSON.stringify(message)}\n`);
}
