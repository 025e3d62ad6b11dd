import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadQuiz, QUIZ_FILE, parseQuiz } from '../../src/lib/quiz/load.ts';
import { foldersHolding } from '../../src/lib/content/folders.ts';
import { AuthoringError, type AuthoringProblem } from '../../src/lib/schema-errors.ts';

const FILE = 'exercises/broken-quiz/quiz.yaml';

const question = (id: string) => ({
  id,
  difficulty: 'easy',
  prompt: `Question ${id}?`,
  options: [{ text: 'Wrong one' }, { text: 'Right one', correct: true }, { text: 'Another wrong one' }],
  hint: 'A hint.',
  solution: ['First step.', 'Second step.'],
  quickCheck: 'A rule of thumb.',
  mistakes: ['A common mistake.'],
});

/** A valid quiz, changed by `edit` into the broken case under test. */
function quiz(edit: (raw: { questions: Record<string, unknown>[] } & Record<string, unknown>) => void = () => {}) {
  const raw = { id: 'broken-quiz', title: 'A quiz', mode: 'test', questions: [question('first'), question('second'), question('third')] };
  edit(raw);
  return raw;
}

function problemsOf(raw: unknown): AuthoringProblem[] {
  try {
    parseQuiz(raw, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthoringError);
    return (error as AuthoringError).problems;
  }
  throw new Error('expected the quiz to be rejected');
}

describe('quiz schema', () => {
  it('accepts a valid quiz and defaults `correct` to false', () => {
    const parsed = parseQuiz(quiz(), FILE);
    expect(parsed.questions).toHaveLength(3);
    expect(parsed.questions[0]!.options.map((option) => option.correct)).toEqual([false, true, false]);
  });

  it('rejects two correct options, naming file, question and field', () => {
    const raw = quiz((q) => ((q.questions[1]!.options as { correct?: boolean }[])[0]!.correct = true));
    expect(problemsOf(raw)).toEqual([
      { file: FILE, field: 'questions.2 (second).options', reason: '2 options (A, B) are marked correct; mark exactly one' },
    ]);
  });

  it('rejects a question with no correct option', () => {
    const raw = quiz((q) => (q.questions[2]!.options = [{ text: 'Yes' }, { text: 'No' }]));
    expect(problemsOf(raw)).toEqual([
      { file: FILE, field: 'questions.3 (third).options', reason: 'no option is marked `correct: true`; mark exactly one' },
    ]);
  });

  it('rejects duplicate question ids, pointing at the second one', () => {
    const raw = quiz((q) => (q.questions[2]!.id = 'first'));
    expect(problemsOf(raw)).toEqual([
      { file: FILE, field: 'questions.3 (first).id', reason: 'duplicate question id "first" (question 1 has it too)' },
    ]);
  });

  it('rejects an unknown difficulty', () => {
    const raw = quiz((q) => (q.questions[0]!.difficulty = 'extreme'));
    expect(problemsOf(raw)).toEqual([
      { file: FILE, field: 'questions.1 (first).difficulty', reason: 'must be one of: easy, medium, hard' },
    ]);
  });

  it.each(['prompt', 'hint', 'solution', 'quickCheck', 'mistakes', 'options', 'difficulty'])('rejects a question without %s', (field) => {
    const raw = quiz((q) => delete q.questions[1]![field]);
    expect(problemsOf(raw)).toEqual([{ file: FILE, field: `questions.2 (second).${field}`, reason: 'is required' }]);
  });

  it('names the position when the question has no id to name it by', () => {
    const raw = quiz((q) => delete q.questions[0]!.id);
    expect(problemsOf(raw)).toEqual([{ file: FILE, field: 'questions.1.id', reason: 'is required' }]);
  });

  it('reports a misspelt field as unknown', () => {
    const raw = quiz((q) => {
      q.questions[0]!.quick_check = q.questions[0]!.quickCheck;
      delete q.questions[0]!.quickCheck;
    });
    expect(problemsOf(raw)).toEqual(
      expect.arrayContaining([
        { file: FILE, field: 'questions.1 (first).quick_check', reason: 'unknown field (check its spelling)' },
        { file: FILE, field: 'questions.1 (first).quickCheck', reason: 'is required' },
      ]),
    );
  });

  it('rejects an unknown mode, empty text and repeated options, each on its own line', () => {
    const raw = quiz((q) => {
      q.mode = 'exam';
      q.questions[0]!.prompt = '   ';
      q.questions[1]!.options = [{ text: 'Same', correct: true }, { text: 'same' }];
    });
    const error = (() => {
      try {
        parseQuiz(raw, FILE);
      } catch (caught) {
        return caught as AuthoringError;
      }
    })()!;
    expect(error.message.split('\n').slice(1)).toEqual([
      `${FILE}: mode: must be one of: practice, test`,
      `${FILE}: questions.1 (first).prompt: must not be empty`,
      `${FILE}: questions.2 (second).options.2.text: repeats option A`,
    ]);
  });
});

describe('quiz files on disk', () => {
  let root: string;
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('lists only folders with a quiz.yaml and reports errors with the project-relative file', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'stepwise-quiz-'));
    const exercises = path.join(root, 'exercises');
    await mkdir(path.join(exercises, 'an-exercise'), { recursive: true });
    await writeFile(path.join(exercises, 'an-exercise', 'exercise.yaml'), 'id: an-exercise\n');
    await mkdir(path.join(exercises, 'broken-quiz'));
    await writeFile(path.join(exercises, 'broken-quiz', 'quiz.yaml'), stringify(quiz((q) => (q.questions[0]!.difficulty = 'tricky'))));
    await mkdir(path.join(exercises, 'renamed'));
    await writeFile(path.join(exercises, 'renamed', 'quiz.yaml'), stringify(quiz()));

    const dirs = await foldersHolding(exercises, QUIZ_FILE);
    expect(dirs.map((dir) => path.basename(dir))).toEqual(['broken-quiz', 'renamed']);
    await expect(loadQuiz(dirs[0]!, root)).rejects.toThrow(`${FILE}: questions.1 (first).difficulty: must be one of: easy, medium, hard`);
    await expect(loadQuiz(dirs[1]!, root)).rejects.toThrow('exercises/renamed/quiz.yaml: id: must match its folder name "renamed"');
  });

  it('reports a YAML syntax error with its line', async () => {
    const dir = path.join(root, 'exercises', 'bad-yaml');
    await mkdir(dir);
    await writeFile(path.join(dir, 'quiz.yaml'), 'id: bad-yaml\nquestions: [unclosed\n');
    await expect(loadQuiz(dir, root)).rejects.toThrow(/exercises\/bad-yaml\/quiz\.yaml: line \d+: /);
  });
});
