/// <reference lib="webworker" />
import { runJavaScript } from '../lib/runner/javascript.ts';
import type { RunRequest, RunnerMessage } from '../lib/runner/protocol.ts';

const post = (message: RunnerMessage) => self.postMessage(message);

self.onmessage = ({ data }: MessageEvent<RunRequest>) => {
  if (data.type !== 'run') return;
  const { runId } = data;
  runJavaScript(data.steps, {
    started: (index) => post({ type: 'step-started', runId, index }),
    finished: (index, result) => post({ type: 'step-finished', runId, index, result }),
  });
  post({ type: 'done', runId });
};
