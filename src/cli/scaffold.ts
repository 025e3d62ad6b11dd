import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readFrontmatter } from '../lib/content/frontmatter.ts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A refusal the author can act on; the CLI prints it and exits with 2. */
export class ScaffoldError extends Error {}

function checkSlug(value: string, what: string): void {
  if (!SLUG.test(value)) throw new ScaffoldError(`"${value}" is not a valid ${what}: use lowercase letters, digits and single hyphens, e.g. "age-segments".`);
}

async function exists(file: string): Promise<boolean> {
  return readdir(path.dirname(file)).then((names) => names.includes(path.basename(file)), () => false);
}

const exerciseYaml = (id: string) => `# A Stepwise exercise. docs/authoring.md describes every field.
# Replace each TODO, then run \`npx stepwise validate\`: it lists any TODO left.
id: ${id}
title: "TODO: the title students see"
summary: "TODO: one sentence on what the student builds"
# Languages offered; the first is the default. JavaScript is required: the build runs
# solution.js to compute the values each step must produce.
languages: [python, javascript]
# When the page may show reference solutions: always, never, or "after 2026-12-15" (graded mode).
solutions: always
steps:
  - id: first-step
    title: "TODO: a short title for step 1"
    # Instructions and hints are Markdown: one text for both languages, or one per language
    # (python: …, javascript: …) where they name types or show code.
    instructions: |
      TODO: what to build in this step, in Markdown.
    hints:
      - "TODO: a first nudge, shown when the student presses Hint"
    defines:
      # The names this step must define, and what each should hold ("\`answer\` should …").
      - name: answer
        should: "be a {list} of TODO"
        compare: {}
    # requires: [loop]   # uncomment to insist the step is solved with a loop
    points: 1            # marks the step earns in \`npx stepwise grade\` when it passes
`;

const CODE: Record<'py' | 'js', { solution: string; starter: string }> = {
  py: {
    solution: `# Reference solution. Start every step with a "# Step N" comment line.
# \`npx stepwise validate\` proves this file passes every step.

# Step 1: TODO
answer = ['TODO']
`,
    starter: `# What the student's editor starts with. Each step's starter must NOT pass its step.

# Step 1: TODO
answer = []
`,
  },
  js: {
    solution: `// Reference solution. Start every step with a "// Step N" comment line.
// The build runs this file to compute the expected values of every step.

// Step 1: TODO
const answer = ['TODO'];
`,
    starter: `// What the student's editor starts with. Each step's starter must NOT pass its step.

// Step 1: TODO
const answer = [];
`,
  },
};

/** Creates `exercises/<id>/` with a manifest, starters and solutions for Python and JavaScript. */
export async function newExercise(root: string, id: string): Promise<string[]> {
  checkSlug(id, 'exercise id');
  const dir = path.join(root, 'exercises', id);
  if (await exists(dir)) throw new ScaffoldError(`exercises/${id} already exists; choose another id or edit it directly.`);
  await mkdir(dir, { recursive: true });
  const files: Record<string, string> = { 'exercise.yaml': exerciseYaml(id) };
  for (const extension of ['py', 'js'] as const) {
    files[`solution.${extension}`] = CODE[extension].solution;
    files[`starter.${extension}`] = CODE[extension].starter;
  }
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text, { flag: 'wx' });
  return Object.keys(files).map((name) => `exercises/${id}/${name}`);
}

/** Creates `lessons/<course>/<page>.mdx` (and the course, if new), embedding an exercise if given. */
export async function newLesson(root: string, target: string, exerciseId: string | undefined): Promise<string[]> {
  const [course, page, ...rest] = target.split('/');
  if (!course || !page || rest.length > 0) throw new ScaffoldError(`"${target}" should be <course>/<page>, e.g. "segmentation-and-personalization/age-groups".`);
  checkSlug(course, 'course id');
  checkSlug(page, 'page id');
  if (exerciseId !== undefined) {
    checkSlug(exerciseId, 'exercise id');
    if (!(await exists(path.join(root, 'exercises', exerciseId, 'exercise.yaml')))) {
      throw new ScaffoldError(`There is no exercise "${exerciseId}"; create it first with \`npx stepwise new exercise ${exerciseId}\`.`);
    }
  }
  const dir = path.join(root, 'lessons', course);
  const file = path.join(dir, `${page}.mdx`);
  if (await exists(file)) throw new ScaffoldError(`lessons/${course}/${page}.mdx already exists.`);
  await mkdir(dir, { recursive: true });
  const created: string[] = [];
  if (!(await exists(path.join(dir, 'course.yaml')))) {
    await writeFile(path.join(dir, 'course.yaml'), `title: "TODO: course title"\nsummary: "TODO: one sentence on what the course teaches"\norder: ${(await countCourses(root)) + 1}\n`, { flag: 'wx' });
    created.push(`lessons/${course}/course.yaml`);
  }
  const order = (await highestOrder(dir)) + 1;
  const mdx = `---
title: "TODO: page title"
summary: "TODO: one sentence shown on the home page"
order: ${order}
minutes: 15
mode: "TODO: the learning mode's name on the course page"
kind: ${exerciseId ? 'build' : 'read'}
${exerciseId ? `exercise: ${exerciseId}\n` : ''}---
${exerciseId ? "import Exercise from '../../src/components/Exercise.astro';\n\n" : ''}TODO: introduce the topic in your own words. Markdown and MDX work here.
${exerciseId ? `\n<Exercise id="${exerciseId}" />\n` : ''}`;
  await writeFile(file, mdx, { flag: 'wx' });
  created.push(`lessons/${course}/${page}.mdx`);
  return created;
}

async function countCourses(root: string): Promise<number> {
  const entries = await readdir(path.join(root, 'lessons'), { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).length - 1;
}

async function highestOrder(dir: string): Promise<number> {
  let highest = 0;
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.mdx')) continue;
    const split = readFrontmatter(await readFile(path.join(dir, name), 'utf8'));
    const order = 'data' in split ? (split.data as { order?: unknown }).order : undefined;
    if (typeof order === 'number' && order > highest) highest = order;
  }
  return highest;
}

