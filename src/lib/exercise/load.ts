import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { runJavaScript } from '../runner/javascript.ts';
import type { Language, StepRun } from '../runner/protocol.ts';
import { describeYamlError } from '../yaml-problems.ts';
import { AuthoringError, problemsFromZod, type AuthoringProblem } from '../schema-errors.ts';
import { FILE_EXTENSIONS, type Exercise, type ExerciseStep } from './exercise.ts';
import { generalizes, withVariant } from '../checker/variants.ts';
import { exerciseManifestSchema, type ExerciseManifest, type Variant } from './schema.ts';
import { splitSteps } from './step-markers.ts';

export const MANIFEST_FILE = 'exercise.yaml';

/** Reads and parses a YAML file, turning syntax errors into an authoring problem with its line. */
export async function readYamlFile(file: string, displayName: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const { line, reason } = describeYamlError(error, text);
      throw new AuthoringError([{ file: displayName, field: line ? `line ${line}` : '', reason }]);
    }
    throw error;
  }
}

/**
 * Loads one exercise folder: validates its manifest, reads the starter and reference solution
 * of every language, and computes each step's expected values by running the JavaScript
 * reference, so no expected value is ever typed twice. Throws {@link AuthoringError}.
 */
export async function loadExercise(dir: string, projectRoot = process.cwd()): Promise<Exercise> {
  const shown = (file: string) => path.relative(projectRoot, path.join(dir, file)) || file;
  const manifestFile = shown(MANIFEST_FILE);
  const raw = await readYamlFile(path.join(dir, MANIFEST_FILE), manifestFile);
  const parsed = exerciseManifestSchema.safeParse(raw);
  if (!parsed.success) throw new AuthoringError(problemsFromZod(manifestFile, parsed.error, exerciseManifestSchema));
  const manifest = parsed.data;
  const problems: AuthoringProblem[] = [];
  if (manifest.id !== path.basename(dir)) {
    problems.push({ file: manifestFile, field: 'id', reason: `must match its folder name "${path.basename(dir)}"` });
  }

  const code: Partial<Record<Language, { starter: string[]; solution: string[] }>> = {};
  /** Where each step of solution.js starts, to report a runtime error at its line in the file. */
  let solutionFirstLines: number[] = [];
  for (const language of manifest.languages) {
    const files = { starter: [] as string[], solution: [] as string[] };
    for (const kind of ['starter', 'solution'] as const) {
      const file = `${kind}.${FILE_EXTENSIONS[language]}`;
      const source = await readFile(path.join(dir, file), 'utf8').catch(() => undefined);
      if (source === undefined) {
        problems.push({ file: shown(file), field: '', reason: `missing: languages lists ${language}, so this file must exist` });
        continue;
      }
      const chunks = splitSteps(source);
      const numbers = chunks.map((chunk) => chunk.step).join(',');
      const wanted = manifest.steps.map((_, index) => index + 1).join(',');
      if (numbers !== wanted) {
        problems.push({
          file: shown(file),
          field: 'step markers',
          reason: `found steps [${numbers}] but the manifest has ${manifest.steps.length} steps; start each with a comment such as "${language === 'python' ? '#' : '//'} Step 1"`,
        });
        continue;
      }
      files[kind] = chunks.map((chunk) => chunk.code);
      if (language === 'javascript' && kind === 'solution') solutionFirstLines = chunks.map((chunk) => chunk.firstLine);
    }
    code[language] = files;
  }
  if (problems.length > 0) throw new AuthoringError(problems);

  const expected = computeExpected(manifest, code.javascript!.solution);
  const failed = expected.find((run) => run.status !== 'ok');
  if (failed) {
    const index = expected.indexOf(failed);
    const line = failed.error?.line;
    const where = line ? ` on line ${line} of the step (line ${line + solutionFirstLines[index]! - 1} of the file)` : '';
    throw new AuthoringError([{ file: shown('solution.js'), field: `Step ${index + 1}`, reason: `the reference solution did not run: ${failed.error?.name}${where}: ${failed.error?.message}` }]);
  }
  const variantRuns = manifest.variants.map((variant) => computeExpected(manifest, code.javascript!.solution, variant));
  variantRuns.forEach((runs, variant) => {
    const failed = runs.find((run) => run.status !== 'ok');
    if (failed) problems.push({ file: manifestFile, field: `variants.${variant + 1}`, reason: `the reference solution did not run on this data: ${failed.error?.name}: ${failed.error?.message}` });
  });
  const steps: ExerciseStep[] = manifest.steps.map(({ generalizes: asked, ...step }, index) => {
    const run = expected[index]!;
    const repeated = generalizes({ generalizes: asked, requires: step.requires });
    const missing = step.defines.find((defined) => !(defined.name in run.values));
    if (missing) {
      problems.push({ file: shown('solution.js'), field: `Step ${index + 1}`, reason: `does not define readable data for \`${missing.name}\`${run.unreadable[missing.name] ? `: ${run.unreadable[missing.name]}` : ''}` });
    }
    return {
      ...step,
      expected: run.values,
      generalizes: repeated,
      variantExpected: repeated ? variantRuns.map((runs) => runs[index]!.values) : [],
      code: Object.fromEntries(
        Object.entries(code).map(([language, files]) => [language, { starter: files.starter[index]!, solution: files.solution[index]! }]),
      ),
    };
  });
  if (problems.length > 0) throw new AuthoringError(problems);
  return { ...manifest, steps };
}

/** Runs the JavaScript reference, on the authored data or on a variant's, and returns one run per step. */
function computeExpected(manifest: ExerciseManifest, solution: string[], variant?: Variant): StepRun[] {
  const runs: StepRun[] = [];
  const plain = manifest.steps.map((step, index) => ({ id: step.id, code: solution[index]!, capture: step.defines.map((d) => d.name) }));
  const { sources, positions } = variant ? withVariant(manifest.steps, plain, variant, 'javascript') : { sources: plain, positions: plain.map((_, index) => index) };
  runJavaScript(sources, { started() {}, finished: (index, result) => (runs[index] = result) });
  return positions.map((position) => runs[position]!);
}
