// A jailed process (see jail.ts) that runs JavaScript submissions, each in a fresh QuickJS runtime.
import { getQuickJS } from 'quickjs-emscripten';
import type { RunRequest } from '../lib/runner/protocol.ts';
import { answer, onRequests } from './lines.ts';
import { runInQuickJS } from './quickjs-runner.ts';

const quickjs = await getQuickJS();
answer({ type: 'ready' });

onRequests((request) => {
  const { runId, steps, budgetMs } = request as RunRequest;
  runInQuickJS(
    quickjs,
    steps,
    {
      started: (index) => answer({ type: 'step-started', runId, index }),
      finished: (index, result) => answer({ type: 'step-finished', runId, index, result }),
    },
    budgetMs,
  );
  answer({ type: 'done', runId });
});
