/// <reference lib="webworker" />
import { serveJavaScript } from '../lib/runner/javascript.ts';
import type { RunRequest, RunnerMessage } from '../lib/runner/protocol.ts';

const handle = serveJavaScript((message: RunnerMessage) => self.postMessage(message));
self.onmessage = ({ data }: MessageEvent<RunRequest>) => handle(data);
