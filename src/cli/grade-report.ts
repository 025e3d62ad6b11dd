import type { Exercise } from '../lib/exercise/exercise.ts';
import { STATUS_LABEL } from './check-submission.ts';
import type { GradeResults } from './grade.ts';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const codeSpans = (text: string) => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/** A self-contained HTML page an instructor can open or share: per-student table and pass-rate chart. */
export function renderGradeReport(exercise: Exercise, results: GradeResults): string {
  const { summary } = results;
  const bars = exercise.steps
    .map((step, index) => {
      const rate = summary.passRate[step.id] ?? 0;
      const percent = Math.round(rate * 100);
      return `<div class="bar-row"><span class="bar-label">Step ${index + 1}: ${escape(step.title)}</span><span class="bar" role="img" aria-label="${percent}% pass"><span style="width:${percent}%"></span></span><span class="bar-value">${percent}%</span></div>`;
    })
    .join('\n');
  const head = exercise.steps.map((step, index) => `<th scope="col" title="${escape(step.title)}">Step ${index + 1}</th>`).join('');
  const rows = results.submissions
    .map((entry) => {
      const total = `<td>${entry.score} / ${entry.maxScore}</td>`;
      const who = `<th scope="row">${escape(entry.student)}<small>${escape(entry.file)}</small></th>`;
      if ('error' in entry) return `<tr>${who}${total}<td colspan="${exercise.steps.length}" class="not-graded">not graded: ${escape(entry.error)}</td></tr>`;
      const cells = entry.steps
        .map((step) => `<td class="${step.status}"${step.messages.length ? ` title="${escape(step.messages.join('\n'))}"` : ''}>${STATUS_LABEL[step.status]}${step.messages.length ? `<details><summary>why</summary>${step.messages.map((m) => `<p>${codeSpans(m)}</p>`).join('')}</details>` : ''}</td>`)
        .join('');
      return `<tr>${who}${total}${cells}</tr>`;
    })
    .concat(results.missing.map((entry) => `<tr><th scope="row">${escape(entry.student)}</th><td>0 / ${entry.maxScore}</td><td colspan="${exercise.steps.length}" class="not-graded">missing: no submission</td></tr>`))
    .join('\n');
  const skipped = results.skipped.map(({ path, reason }) => `<li><code>${escape(path)}</code>: ${escape(reason)}</li>`).join('\n');
  const failures = summary.commonFailures.map(({ message, count }) => `<li><strong>${count}×</strong> ${codeSpans(message)}</li>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Grades: ${escape(exercise.title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1d1c1a; }
  table { border-collapse: collapse; width: 100%; table-layout: fixed; } thead th:first-child { width: 12rem; } thead th:nth-child(2) { width: 5rem; } th[scope=row] { overflow-wrap: anywhere; } th small { display: block; font-weight: 400; color: #5b5852; font-size: 0.8rem; } th, td { border: 1px solid #d9d5cc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
  td.pass { background: #e6f4ea; } td.fail { background: #fbe9e9; } td.error, td.timeout { background: #fff4d6; } td.not-graded { color: #5b5852; font-style: italic; }
  details p { margin: 0.2rem 0; font-size: 0.85rem; } code { background: #f1efe9; padding: 0 0.25em; border-radius: 3px; }
  .bar-row { display: grid; grid-template-columns: 22rem 1fr 4rem; gap: 0.75rem; align-items: center; margin: 0.35rem 0; }
  .bar { display: block; height: 1.1rem; background: #f1efe9; border-radius: 4px; overflow: hidden; } .bar span { display: block; height: 100%; background: #2f5fd0; }
</style></head><body>
<h1>Grades: ${escape(exercise.title)}</h1>
<p>${summary.submissions} submission(s): ${summary.graded} graded, ${summary.notGraded} not graded, ${summary.allStepsPass} passing every step${summary.missing ? `; ${summary.missing} student(s) on the roster handed in nothing` : ''}. Pass rates count every submission, ungraded ones as failing.</p>
<h2>Pass rate per step</h2>
${bars}
<h2>Most frequent feedback</h2>
<ol>${failures || '<li>None: every graded step passed.</li>'}</ol>
<h2>Per student</h2>
<table><thead><tr><th scope="col">Student</th><th scope="col">Score</th>${head}</tr></thead><tbody>
${rows}
</tbody></table>
${skipped ? `<h2>Skipped entries</h2>\n<ul>${skipped}</ul>` : ''}
</body></html>
`;
}
