import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { segmentationCycle } from '../../lessons/segmentation-and-personalization/segmentation-cycle.ts';
import { readFrontmatter } from '../../src/lib/content/frontmatter.ts';
import { lessonSchema } from '../../src/lib/content/schemas.ts';
import { defineProcess, type Process } from '../../src/lib/process/schema.ts';
import { stageAfterKey } from '../../src/lib/process/stepping.ts';
import { AuthoringError, formatProblem } from '../../src/lib/schema-errors.ts';

const page = (name: string) => {
  const split = readFrontmatter(readFileSync(path.resolve('lessons/segmentation-and-personalization', `${name}.mdx`), 'utf8'));
  if ('error' in split) throw new Error(split.error);
  return { data: lessonSchema.parse(split.data), body: split.body };
};

describe('the three teaching modes', () => {
  it('come first in the course, with the mode names, kinds and times the course page shows', () => {
    const pick = (name: string) => {
      const { order, mode, kind, minutes } = page(name).data;
      return { order, mode, kind, minutes };
    };
    expect(pick('full-explanation')).toEqual({ order: 1, mode: 'Full Explanation', kind: 'read', minutes: 6 });
    expect(pick('step-by-step')).toEqual({ order: 2, mode: 'Step-by-Step Execution', kind: 'step', minutes: 10 });
    expect(pick('deep-dive')).toEqual({ order: 3, mode: 'Deep Dive', kind: 'read', minutes: 15 });
  });

  it('Full Explanation: the seven segmentation types, the comparison, an analogy, the diagram and a three-line summary', () => {
    const { body } = page('full-explanation');
    for (const type of ['Demographic', 'Geographic', 'Psychographic', 'Behavioral', 'Firmographic', 'Occasion-based', 'Value-based']) {
      expect(body).toContain(`| **${type}** |`);
    }
    for (const heading of ['What segmentation is', 'What personalization is', 'How the two differ', 'benefits', 'An analogy', 'Key facts', 'Common confusions', 'Summary']) {
      expect(body).toMatch(new RegExp(`^## .*${heading}`, 'm'));
    }
    expect(body).not.toMatch(/bakery|cake|bread/i);
    expect(body).toMatch(/<AudienceToMessages>/);
    const summary = body.slice(body.indexOf('## Summary'));
    expect(summary.match(/^\d\. /gm)).toHaveLength(3);
  });

  it('Step-by-Step Execution: embeds the stepper on the cycle and the visual quiz at the end', () => {
    const { data, body } = page('step-by-step');
    expect(body).toMatch(/<ProcessStepper process=\{segmentationCycle\} \/>/);
    expect(data.quiz).toBe('process-visual-quiz');
    expect(body.trim().endsWith('<Quiz id="process-visual-quiz" />')).toBe(true);
  });

  it('Deep Dive: process, criteria, channels, KPI formulas, A/B testing, privacy, over-personalization and the case studies', () => {
    const { body } = page('deep-dive');
    for (const fact of [
      'Cluster analysis', 'Factor analysis', 'Regression analysis', 'Machine learning',
      '**Measurable**', '**Substantial**', '**Accessible**', '**Relevant**',
      '**Email**', '**The website**', '**Social media**',
      'clicks ÷ recipients × 100', 'people who took the desired action ÷ visitors × 100',
      'average order value × orders per year × years as a customer', 'customers lost in the period ÷ customers at its start × 100',
      '### A/B testing', '**GDPR**', '**CCPA**', '### Over-personalization',
      '### Amazon', '### Netflix', '### Spotify', '| **A** |', '| **B** |', '| **C** |',
    ]) {
      expect(body).toContain(fact);
    }
  });
});

describe('the segmentation cycle', () => {
  it('has seven stages, tracks the audience and the messages, and loops back to segmenting', () => {
    expect(segmentationCycle.stages).toHaveLength(7);
    expect(segmentationCycle.tracked).toEqual(['Audience', 'Messages']);
    expect(segmentationCycle.stages[segmentationCycle.loopsBackTo! - 1]!.label).toBe('Segment');
    // As in the seed's tracker: no messages until content is written at step 3.
    expect(segmentationCycle.stages.map((stage) => stage.state.Messages === 'None yet')).toEqual([true, true, false, false, false, false, false]);
  });

  it('rejects a broken description with file, field and reason', () => {
    const broken = { ...segmentationCycle, stages: [{ ...segmentationCycle.stages[0]!, state: { Audience: 'x', Mesages: 'y' } }, segmentationCycle.stages[1]!], loopsBackTo: 2 } as Process;
    try {
      defineProcess(broken, 'cycle.ts');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AuthoringError);
      expect((error as AuthoringError).problems.map(formatProblem)).toEqual([
        'cycle.ts: stages.1.state: has no value for tracked name "Messages"',
        'cycle.ts: stages.1.state.Mesages: is not one of the tracked names (Audience, Messages)',
        'cycle.ts: loopsBackTo: must name a stage before the last one (1 to 1)',
      ]);
    }
  });
});

describe('stageAfterKey', () => {
  it('moves with the arrows, stops at both ends, jumps with Home and End, ignores other keys', () => {
    expect(stageAfterKey(3, 'ArrowRight', 7)).toBe(4);
    expect(stageAfterKey(3, 'ArrowDown', 7)).toBe(4);
    expect(stageAfterKey(3, 'ArrowLeft', 7)).toBe(2);
    expect(stageAfterKey(3, 'ArrowUp', 7)).toBe(2);
    expect(stageAfterKey(7, 'ArrowRight', 7)).toBe(7);
    expect(stageAfterKey(1, 'ArrowLeft', 7)).toBe(1);
    expect(stageAfterKey(4, 'Home', 7)).toBe(1);
    expect(stageAfterKey(4, 'End', 7)).toBe(7);
    expect(stageAfterKey(4, 'Enter', 7)).toBeUndefined();
  });
});
