// Grading throughput (submissions per second) on generated class folders, each submission in a
// fresh sandbox (src/sandbox), and validate time. `npx node bench/grading.mjs` runs it alone.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gradeFolder } from '../src/cli/grade.ts';
import { jailKind } from '../src/sandbox/jail.ts';
import { validateProject } from '../src/cli/validate.ts';
import { loadExercise } from '../src/lib/exercise/load.ts';
import { median, round } from './lib.mjs';

const EXERCISE = path.resolve('exercises/segmentation-mini-project');

/** A class folder: most submissions right, the rest wrong in the ways students are wrong. */
async function makeClass(language, count) {
  const extension = language === 'python' ? 'py' : 'js';
  const solution = await readFile(path.join(EXERCISE, `solution.${extension}`), 'utf8');
  const variants = [
    solution,
    solution.replace('Latest gadgets available now!', 'latest gadgets available now!'),
    solution.replace("'Charlie'", "'Charly'"),
    solution.replace(/Trendy styles for your wardrobe\./, 'Discover new books just for you!'),
    solution.replace(/(groups|personalized_messages)/g, (name) => (name === 'groups' ? 'group' : name)),
  ];
  const folder = await mkdtemp(path.join(tmpdir(), `stepwise-grade-${language}-`));
  await Promise.all(Array.from({ length: count }, (_, i) => writeFile(path.join(folder, `student-${String(i).padStart(4, '0')}.${extension}`), variants[i % variants.length])));
  return folder;
}

/**
 * Submissions graded per second: the same class graded `samples` times, the median reported,
 * since this machine's speed drifts by a fifth from one minute to the next.
 */
async function throughput(exercise, language, count, samples) {
  const folder = await makeClass(language, count);
  try {
    const rates = [];
    let summary;
    for (let sample = 0; sample < samples; sample++) {
      const started = performance.now();
      const results = await gradeFolder(exercise, folder);
      const seconds = (performance.now() - started) / 1000;
      if (results.summary.graded !== count) throw new Error(`graded ${results.summary.graded} of ${count} ${language} files`);
      rates.push(round(count / seconds));
      summary = results.summary;
    }
    return { submissions: count, perSecond: round(median(rates)), samples: rates, allStepsPass: summary.allStepsPass };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export async function benchGrading() {
  const exercise = await loadExercise(EXERCISE);
  const started = performance.now();
  const { problems } = await validateProject(process.cwd());
  const validateSeconds = round((performance.now() - started) / 1000, 2);
  return {
    validate: { seconds: validateSeconds, problems: problems.length },
    sandbox: jailKind(),
    gradingJavaScript: await throughput(exercise, 'javascript', 1000, 5),
    gradingPython: await throughput(exercise, 'python', 60, 1),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchGrading(), null, 2));
  process.exit(0);
}
