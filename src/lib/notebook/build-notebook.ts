import { fillTypeWords } from '../checker/words.ts';
import type { Exercise, ExerciseStep } from '../exercise/exercise.ts';
import { inLanguage } from '../exercise/schema.ts';
import type { PlainValue } from '../runner/protocol.ts';

/**
 * A Jupyter notebook (nbformat 4.5) of a Python exercise: the introduction and each step's
 * instructions as markdown, the student's code for each step as a code cell that starts with its
 * `# Step N` marker (so `grade` can read the notebook back), and a last cell that checks the
 * values the way the site does, in plain Python with no Stepwise code, so it runs in any Jupyter.
 */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: 5;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

export type NotebookCell =
  | { cell_type: 'markdown'; id: string; metadata: Record<string, never>; source: string[] }
  | { cell_type: 'code'; id: string; metadata: Record<string, never>; source: string[]; execution_count: null; outputs: [] };

/** What a notebook needs of an exercise: the CLI passes the loaded exercise, the page its config. */
export interface NotebookExercise extends Pick<Exercise, 'id' | 'title' | 'summary'> {
  steps: Pick<ExerciseStep, 'title' | 'instructions' | 'defines' | 'expected'>[];
}

export interface NotebookInput {
  exercise: NotebookExercise;
  /** The Python code of each step, in order, without its marker line. */
  codes: string[];
  /** Markdown shown first, e.g. the lesson's introduction; the exercise summary when absent. */
  introduction?: string;
}

/** The header a step's code cell starts with; `grade` and `check` split notebooks on it. */
export const stepMarker = (number: number, title: string) => `# Step ${number}: ${title}`;

export function buildNotebook({ exercise, codes, introduction }: NotebookInput): Notebook {
  const cells: NotebookCell[] = [
    markdown('intro', `# ${exercise.title}\n\n${introduction ?? exercise.summary}\n\nRun the cells from the top, then the last cell checks your work.`),
  ];
  exercise.steps.forEach((step, index) => {
    const number = index + 1;
    cells.push(markdown(`step-${number}-task`, `## Step ${number}: ${step.title}\n\n${fillTypeWords(inLanguage(step.instructions, 'python') ?? '', 'python').trim()}`));
    cells.push(code(`step-${number}-code`, `${stepMarker(number, step.title)}\n${codes[index] ?? ''}`));
  });
  cells.push(markdown('check-intro', '## Check your work\n\nThis cell compares the values your cells defined with the reference values, as the site does.'));
  cells.push(code('check', checkCell(exercise)));
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' },
      stepwise: { exercise: exercise.id },
    },
    cells,
  };
}

/** Source as nbformat stores it: lines that keep their newline, the last without one. */
function lines(text: string): string[] {
  const parts = text.replace(/\r\n?/g, '\n').split('\n');
  return parts.map((line, index) => (index < parts.length - 1 ? `${line}\n` : line)).filter((line) => line !== '');
}

function markdown(id: string, text: string): NotebookCell {
  return { cell_type: 'markdown', id, metadata: {}, source: lines(text) };
}

function code(id: string, text: string): NotebookCell {
  return { cell_type: 'code', id, metadata: {}, source: lines(text), execution_count: null, outputs: [] };
}

/** A JSON string literal is also a valid Python string literal, so data crosses over unchanged. */
const pythonString = (value: string) => JSON.stringify(value);

function checkCell(exercise: NotebookInput['exercise']): string {
  const steps = exercise.steps.map((step, index) => ({
    number: index + 1,
    title: step.title,
    names: step.defines.map(({ name, compare }) => ({ name, ordered: compare.ordered })),
    expected: Object.fromEntries(step.defines.map(({ name }) => [name, step.expected[name] ?? null])) as Record<string, PlainValue>,
  }));
  return `import json

STEPS = json.loads(${pythonString(JSON.stringify(steps))})


def as_data(value):
    """The value as plain data (tuples become lists, dict subclasses dicts), or None if it is not data."""
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return None


def normal(value, ordered):
    """Lists compare in any order unless the step says otherwise, at every depth."""
    if isinstance(value, list):
        items = [normal(item, ordered) for item in value]
        return items if ordered else sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, dict):
        return {key: normal(item, ordered) for key, item in value.items()}
    return value


passed = 0
for step in STEPS:
    problems = []
    for entry in step["names"]:
        name = entry["name"]
        if name not in globals():
            problems.append(f"\`{name}\` is not defined: run the step's cell first")
            continue
        actual = as_data(globals()[name])
        if actual is None:
            problems.append(f"\`{name}\` is not plain data (lists, dicts, strings and numbers)")
        elif normal(actual, entry["ordered"]) != normal(step["expected"][name], entry["ordered"]):
            problems.append(f"\`{name}\` does not hold the expected value yet")
    if problems:
        print(f"Step {step['number']} ({step['title']}): fail - " + "; ".join(problems))
    else:
        passed += 1
        print(f"Step {step['number']} ({step['title']}): pass")
print(f"{passed} of {len(STEPS)} steps pass.")`;
}
