/**
 * One student's feedback as a small self-contained HTML page (no scripts, no external files),
 * ready to upload to a learning platform: score, then per step its status, the messages, the
 * student's code and what it printed. Every string from a submission is escaped.
 */
import { splitSteps } from '../exercise/step-markers.ts';

export interface FeedbackStep {
  title: string;
  status: 'pass' | 'fail' | 'error' | 'timeout';
  messages: string[];
  points: number;
  worth: number;
  output: string;
}

export interface FeedbackInput {
  exerciseTitle: string;
  student: string;
  file: string;
  date: Date;
  score: number;
  maxScore: number;
  /** Why nothing could be graded, instead of steps. */
  error?: string;
  steps: FeedbackStep[];
  source?: string;
}

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const withCode = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
const STATUS_WORD: Record<FeedbackStep['status'], string> = { pass: 'Passed', fail: 'Not yet', error: 'Did not finish', timeout: 'Ran too long' };

/** The code of each step from the handed-in file; an unmarked file is shown whole under step 1. */
function codePerStep(source: string, count: number): string[] {
  const chunks = splitSteps(source);
  if (chunks.length === count && chunks.every((chunk, index) => chunk.step === index + 1)) return chunks.map((chunk) => chunk.code);
  return [source, ...new Array<string>(count - 1).fill('')];
}

export function renderFeedback(input: FeedbackInput): string {
  const codes = input.source === undefined ? [] : codePerStep(input.source, input.steps.length);
  const steps = input.steps
    .map((step, index) => {
      const messages = step.messages.length ? `<ul>${step.messages.map((message) => `<li>${withCode(message)}</li>`).join('')}</ul>` : '';
      const code = codes[index] ? `<h3>Your code</h3><pre>${escapeHtml(codes[index]!)}</pre>` : '';
      const output = step.output ? `<h3>What it printed</h3><pre>${escapeHtml(step.output)}</pre>` : '';
      return `<section class="${step.status}"><h2>Step ${index + 1}: ${escapeHtml(step.title)}</h2>
<p class="status"><strong>${STATUS_WORD[step.status]}</strong>: ${step.points} of ${step.worth} point${step.worth === 1 ? '' : 's'}</p>${messages}${code}${output}</section>`;
    })
    .join('\n');
  const body = input.error ? `<p class="error">Your file could not be graded: ${escapeHtml(input.error)}.</p>` : steps;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Feedback: ${escapeHtml(input.exerciseTitle)}: ${escapeHtml(input.student)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; color: #1d1c1a; background: #fff; }
  section { border: 1px solid #d9d5cc; border-left-width: 6px; border-radius: 6px; padding: 0 1rem 0.75rem; margin: 1rem 0; }
  section.pass { border-left-color: #1e7b34; } section.fail { border-left-color: #b3261e; } section.error, section.timeout { border-left-color: #8a5a00; }
  h2 { font-size: 1.15rem; } h3 { font-size: 0.95rem; margin: 0.75rem 0 0.25rem; }
  pre { background: #f4f2ed; padding: 0.6rem 0.75rem; border-radius: 4px; overflow-x: auto; white-space: pre-wrap; font-size: 0.85rem; }
  code { background: #f1efe9; padding: 0 0.25em; border-radius: 3px; } .score { font-size: 1.25rem; }
</style></head><body>
<h1>Feedback: ${escapeHtml(input.exerciseTitle)}</h1>
<p>For <strong>${escapeHtml(input.student)}</strong>, on the file <code>${escapeHtml(input.file)}</code>, graded on ${input.date.toISOString().slice(0, 10)}.</p>
<p class="score">Score: <strong>${input.score} of ${input.maxScore}</strong></p>
${body}
</body></html>
`;
}

/** A file name for a student's feedback, safe on every platform and unique within the batch. */
export function feedbackFileName(studentId: string, taken: Set<string>): string {
  const base = studentId.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '').slice(0, 80) || 'student';
  let name = `${base}.html`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}.html`;
  taken.add(name.toLowerCase());
  return name;
}
