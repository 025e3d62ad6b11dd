import { describe, expect, it } from 'vitest';
import { checkStep, headline, notingEarlierSteps, NOT_ATTEMPTED } from '../../src/lib/checker/check-step.ts';
import { compareValue } from '../../src/lib/checker/compare-values.ts';
import { didYouMean, nearMiss } from '../../src/lib/checker/text-similarity.ts';
import { fillTypeWords } from '../../src/lib/checker/words.ts';
import { checkJavaScript, miniProject } from '../helpers/exercise.ts';

const CUSTOMERS = `const customers = [
  { name: 'Alice', category: 'Books' },
  { name: 'Bob', category: 'Electronics' },
  { name: 'Charlie', category: 'Books' },
  { name: 'Diana', category: 'Clothing' },
  { name: 'Ethan', category: 'Electronics' },
];`;

describe('reference solution', () => {
  it('passes every step, and the expected values are the seed data', async () => {
    const exercise = await miniProject();
    expect(exercise.steps[2]!.expected.groups).toEqual({ Books: ['Alice', 'Charlie'], Electronics: ['Bob', 'Ethan'], Clothing: ['Diana'] });
    for (const step of exercise.steps) {
      const report = await checkJavaScript(step.id, step.code.javascript!.solution);
      expect(report, step.id).toEqual({ id: step.id, status: 'pass', messages: [] });
    }
  });
});

describe('checker messages', () => {
  it('reports untouched starter code as not attempted, not as wrong', async () => {
    const exercise = await miniProject();
    const report = await checkJavaScript('grouping', exercise.steps[2]!.code.javascript!.starter);
    expect(report.status).toBe('fail');
    expect(report.messages).toEqual([NOT_ATTEMPTED]);
    expect(headline(report, 3)).toBe('Not yet: not attempted yet.');
  });

  it('suggests the name the student probably meant', async () => {
    const report = await checkJavaScript('grouping', 'const group = {};\nfor (const c of segment_categories) group[c] = [];');
    expect(report.messages[0]).toBe('`groups` is not defined. Did you mean `group`?');
  });

  it('names a wrong type in the words of the language', async () => {
    const report = await checkJavaScript('grouping', 'const groups = [];\nfor (const c of segment_categories) groups.push([]);');
    expect(report.messages).toEqual(['`groups` should map each category to an array of names; it is an array.']);
    const python = compareValue('groups', 'map each category to a {list} of names', [], { Books: [] }, { ordered: false }, 'python');
    expect(python).toEqual(['`groups` should map each category to a list of names; it is a list.']);
  });

  it('lists missing and extra keys, and calls a miscased key a near miss', async () => {
    const report = await checkJavaScript(
      'grouping',
      `const groups = {};
for (const c of ['books', 'Electronics', 'Toys']) groups[c] = customers.filter((x) => x.category.toLowerCase() === c.toLowerCase()).map((x) => x.name);`,
    );
    expect(report.messages).toEqual([
      "The key 'books' in `groups` is a near miss: check its capital letters.",
      "`groups` has the key 'Toys', which does not belong there.",
      "`groups` is missing the key 'Clothing'.",
    ]);
  });

  it('finds missing names, extra names, duplicates and names in the wrong category', async () => {
    const report = await checkJavaScript(
      'grouping',
      `const groups = {};
for (const category of segment_categories) groups[category] = [];
groups.Books.push('Alice', 'Alice', 'Diana');
groups.Electronics.push('Bob', 'Ethan', 'Zed');
groups.Clothing.push('Diana');`,
    );
    expect(report.status).toBe('fail');
    expect(report.messages).toEqual([
      "'Alice' appears 2 times in `groups['Books']`; it should appear once.",
      "'Diana' is in `groups['Books']` but belongs in a different group.",
      "`groups['Books']` is missing 1 entry.",
      '…and 1 more thing to fix once these are done.',
    ]);
  });

  it('does not require the order of names inside a group unless asked', async () => {
    const report = await checkJavaScript(
      'grouping',
      `const groups = {};
for (const category of segment_categories) groups[category] = customers.filter((c) => c.category === category).map((c) => c.name).reverse();`,
    );
    expect(report.status).toBe('pass');
    const ordered = compareValue('x', 'be a {list}', ['b', 'a'], ['a', 'b'], { ordered: true }, 'javascript');
    expect(ordered).toEqual(['`x` has the right entries in the wrong order.']);
  });

  it('requires a loop for step 3, read from the syntax tree rather than the text', async () => {
    const written = await checkJavaScript(
      'grouping',
      `// a for loop would be nicer
const groups = { Books: ['Alice', 'Charlie'], Electronics: ['Bob', 'Ethan'], Clothing: ['Diana'] };`,
    );
    expect(written.status).toBe('fail');
    expect(written.messages).toHaveLength(1);
    expect(written.messages[0]).toMatch(/with a loop/);
    const withForEach = await checkJavaScript(
      'grouping',
      'const groups = {};\nsegment_categories.forEach((category) => { groups[category] = customers.filter((c) => c.category === category).map((c) => c.name); });',
    );
    expect(withForEach.status).toBe('pass');
  });

  it('calls texts that differ only in case, spacing or punctuation a near miss, and says which', async () => {
    const report = await checkJavaScript(
      'messages',
      `const personalized_messages = {
  Books: 'discover new books just for you!',
  Electronics: 'Latest gadgets  available now!',
  Clothing: 'Trendy styles for your wardrobe',
};`,
    );
    expect(report.messages).toEqual([
      "`personalized_messages['Books']` is a near miss: check its capital letters.",
      "`personalized_messages['Electronics']` is a near miss: check its spacing.",
      "`personalized_messages['Clothing']` is a near miss: check its punctuation.",
    ]);
  });

  it('never prints an expected text', async () => {
    const exercise = await miniProject();
    const report = await checkJavaScript('messages', "const personalized_messages = { Books: 'Buy books', Electronics: 'Buy gadgets', Clothing: 'Buy clothes' };");
    const secret = Object.values(exercise.steps[3]!.expected.personalized_messages as Record<string, string>);
    for (const message of report.messages) for (const text of secret) expect(message).not.toContain(text);
    expect(report.messages).toContain("`personalized_messages['Books']` is not the expected text.");
  });

  it('names the same message for every segment as the classic mistake', async () => {
    const report = await checkJavaScript(
      'messages',
      "const m = 'Great deals for you!';\nconst personalized_messages = { Books: m, Electronics: m, Clothing: m };",
    );
    expect(report.messages).toHaveLength(1);
    expect(report.messages[0]).toMatch(/^Every key of `personalized_messages` holds the same text\./);
  });

  it('names records by their key, their missing fields and their wrong values', async () => {
    const report = await checkJavaScript(
      'customers',
      `const customers = [
  { name: 'Alice', category: 'Books' },
  { name: 'Bob', category: 'Books' },
  { name: 'Charlie', category: 'Books', vip: true },
  { name: 'Diana' },
  { name: 'Erin', category: 'Electronics' },
];`,
    );
    expect(report.messages).toEqual([
      "`customers` has the entry 'Erin', which does not belong there.",
      "`customers` is missing the entry 'Ethan'.",
      "`customers[2]` has the key 'vip', which does not belong there.",
      '…and 2 more things to fix once these are done.',
    ]);
  });

  it('explains values the checker cannot read instead of failing obscurely', async () => {
    const fn = await checkJavaScript('criteria', 'const segment_categories = () => [];');
    expect(fn.messages[0]).toMatch(/^`segment_categories` is a function, which the checker cannot read/);
    const instance = await checkJavaScript('criteria', 'class Categories {}\nconst segment_categories = new Categories();');
    expect(instance.messages[0]).toContain('an instance of the class Categories');
  });

  it('gives code that never finished an error or timeout status, never fail', async () => {
    const syntax = await checkJavaScript('criteria', "const segment_categories = ['Books',;");
    expect(syntax.status).toBe('error');
    expect(syntax.messages[0]).toMatch(/^Your code stopped with a syntax error on line 1: Unexpected token/);
    const runtime = await checkJavaScript('criteria', 'const segment_categories = [];\nsegment_categories.add("Books");');
    expect(runtime.status).toBe('error');
    expect(runtime.messages[0]).toBe('Your code stopped with TypeError on line 2: segment_categories.add is not a function');
    expect(headline(runtime, 2)).toBe('Not yet: your code did not run to the end.');
    const exercise = await miniProject();
    const timeout = checkStep({
      step: exercise.steps[0]!,
      number: 1,
      language: 'javascript',
      run: { id: 'customers', status: 'timeout', output: '', truncated: false, values: {}, unreadable: {}, defined: [] },
    });
    expect(timeout.status).toBe('timeout');
    expect(timeout.messages[0]).toMatch(/still running after 2 seconds/);
  });
});

describe('earlier steps', () => {
  it('sends the learner back to the first unfinished earlier step when a later step fails', () => {
    const fail = { id: 'grouping', status: 'fail' as const, messages: ["`groups` is missing the key 'Books'."] };
    const pass = { id: 'customers', status: 'pass' as const, messages: [] };
    const untouched = { id: 'criteria', status: 'fail' as const, messages: [NOT_ATTEMPTED] };
    expect(notingEarlierSteps(fail, [pass, untouched]).messages).toEqual([
      'Step 2 is not done yet, and this step builds on it. Finish step 2 first; the messages below may then go away.',
      "`groups` is missing the key 'Books'.",
    ]);
    expect(notingEarlierSteps(fail, [pass, pass])).toEqual(fail);
    expect(notingEarlierSteps({ ...pass, id: 'grouping' }, [untouched])).toEqual({ ...pass, id: 'grouping' });
  });
});

describe('text helpers', () => {
  it('finds the smallest explanation of a near miss', () => {
    expect(nearMiss('Hello, World', 'hello world')).toEqual(['capital letters', 'punctuation']);
    expect(nearMiss('abc', 'xyz')).toBeUndefined();
  });
  it('suggests close names only', () => {
    expect(didYouMean('groups', ['group', 'customers', 'Groups'])).toEqual(['Groups', 'group']);
    expect(didYouMean('groups', ['customers'])).toEqual([]);
  });
  it('fills type words with the right article', () => {
    expect(fillTypeWords('be a {list} of {dict}s', 'javascript')).toBe('be an array of objects');
    expect(fillTypeWords('A {dict} of {str}s', 'python')).toBe('A dict of strs');
  });
});
