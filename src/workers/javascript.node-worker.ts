// The JavaScript runner in a Node worker thread, for the CLI: the same service as the browser worker.
import { parentPort } from 'node:worker_threads';
import { serveJavaScript } from '../lib/runner/javascript.ts';
import type { RunRequest, RunnerMessage } from '../lib/runner/protocol.ts';

const port = parentPort!;
const handle = serveJavaScript((message: RunnerMessage) => port.postMessage(message));
port.on('message', (request: RunRequest) => handle(request));
