// A jailed process (see jail.ts) that runs JavaScript submissions, each in a fresh QuickJS runtime.
import { getQuickJS } from 'quickjs-emscripten';
import { postingObserver, type RunRequest } from '../lib/runner/protocol.ts';
import { answer, onRequests } from './lines.ts';
import { runInQuickJS } from './quickjs-runner.ts';

const quickjs = await getQuickJS();
answer({ type: 'ready' });

onRequests((request) => {
  const { runId, steps, budgetMs } = request as RunRequest;
  runInQuickJS(quickjs, steps, postingObserver(runId, answer), budgetMs);
  answer({ type: 'done', runId });
});
