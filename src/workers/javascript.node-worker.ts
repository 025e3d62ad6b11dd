// The JavaScript runner in a Node worker thread, for the CLI: the same code as the browser worker.
import { parentPort } from 'node:worker_threads';
import { runJavaScript } from '../lib/runner/javascript.ts';
import type { RunRequest, RunnerMessage } from '../lib/runner/protocol.ts';

const post = (message: RunnerMessage) => parentPort!.postMessage(message);

parentPort!.on('message', (request: RunRequest) => {
  if (request.type !== 'run') return;
  const { runId } = request;
  runJavaScript(request.steps, {
    started: (index) => post({ type: 'step-started', runId, index }),
    finished: (index, result) => post({ type: 'step-finished', runId, index, result }),
  });
  post({ type: 'done', runId });
});
