// The labelled corpus (test/fixtures/corpus) graded as `stepwise grade` grades a class: accuracy
// on both sides and the time it takes, plus the time to judge a 150,000-customer submission.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { gradeFolder } from '../src/cli/grade.ts';
import { judge } from '../src/lib/checker/judge.ts';
import { loadExercise } from '../src/lib/exercise/load.ts';
import { runJavaScript } from '../src/lib/runner/javascript.ts';
import { round } from './lib.mjs';

const CORPUS = path.resolve('test/fixtures/corpus');

export async function benchCheckerCorpus() {
  const exercise = await loadExercise(path.resolve('exercises/segmentation-mini-project'));
  const { submissions: labels } = parse(await readFile(path.join(CORPUS, 'labels.yaml'), 'utf8'));
  const steps = new Map();
  const seconds = {};
  for (const language of ['javascript', 'python']) {
    const started = performance.now();
    const results = await gradeFolder(exercise, path.join(CORPUS, language));
    seconds[language] = round((performance.now() - started) / 1000, 2);
    for (const entry of results.submissions) steps.set(`${language}/${entry.file}`, entry.steps ?? []);
  }
  const accepted = (label) => (steps.get(label.file) ?? []).length > 0 && steps.get(label.file).every((step) => step.status === 'pass');
  const valid = labels.filter((label) => label.label === 'valid');
  const invalid = labels.filter((label) => label.label === 'invalid');

  const huge = `const customers = Array.from({ length: 150000 }, (_, i) => ({ name: 'Customer ' + i, category: 'Books' }));`;
  const run = async (sources) => {
    const runs = [];
    runJavaScript(sources, { started() {}, finished: (index, result) => (runs[index] = result) });
    return runs;
  };
  const started = performance.now();
  await judge(exercise, { language: 'javascript', steps: [huge] }, 0, run);
  return {
    submissions: labels.length,
    validAccepted: `${valid.filter(accepted).length}/${valid.length}`,
    invalidCaught: `${invalid.filter((label) => !accepted(label)).length}/${invalid.length}`,
    gradeSeconds: seconds,
    judge150000CustomersMs: round(performance.now() - started),
  };
}
