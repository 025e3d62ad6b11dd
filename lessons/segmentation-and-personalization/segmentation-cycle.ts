import { defineProcess } from '../../src/lib/process/schema.ts';

/**
 * The segmentation cycle taught on the Step-by-Step Execution page: its stepper, table, diagram
 * and state tracker are all drawn from this one description. The visual quiz's answers are
 * pinned to it (test/unit/quiz-content.test.ts).
 */
export const segmentationCycle = defineProcess(
  {
    id: 'segmentation-cycle',
    title: 'The segmentation cycle',
    tracked: ['Audience', 'Messages'],
    start: { Audience: 'Every customer, in one big list', Messages: 'None yet' },
    loopsBackTo: 2,
    stages: [
      {
        label: 'Gather data',
        action: 'Gather data about the audience',
        input: 'Records of every customer',
        output: 'Data ready to work with',
        note: 'Age and city from sign-up forms, purchases from orders',
        state: { Audience: 'Every customer, with age, city and purchases on file', Messages: 'None yet' },
      },
      {
        label: 'Segment',
        action: 'Split the audience into segments',
        input: 'The gathered data',
        output: 'Segments by age and place',
        note: 'One segment might be "18–25 in New York"',
        state: { Audience: 'Split into segments', Messages: 'None yet' },
      },
      {
        label: 'Write content',
        action: 'Write content for each segment',
        input: 'The segments',
        output: 'A message made for each segment',
        note: 'Playful, trend-led copy for the youngest group, say',
        state: { Audience: 'Segments, each paired with a message', Messages: 'Written, one per segment; none sent' },
      },
      {
        label: 'Deliver',
        action: 'Send each message to its own segment',
        input: 'The messages and the segments',
        output: 'Every segment has received its message',
        note: 'By email, on the website or through targeted ads',
        state: { Audience: 'Segments, each reached by its own message', Messages: 'Sent, each to the segment it was written for' },
      },
      {
        label: 'Gather feedback',
        action: 'Gather the response',
        input: 'The messages that went out',
        output: 'Response data: clicks, purchases, replies',
        note: 'Which segments acted, and which stayed silent',
        state: { Audience: 'Segments, each with its response data', Messages: 'Sent; the response to each is recorded' },
      },
      {
        label: 'Refine',
        action: 'Refine the segments and the messages',
        input: 'The response data',
        output: 'Updated segments and messages',
        note: 'Keep what worked; rework what fell flat',
        state: { Audience: 'Refined segments', Messages: 'Rewritten where they fell flat' },
      },
      {
        label: 'Repeat',
        action: 'Start the next round from step 2',
        input: 'The updated segments',
        output: 'Sharper targeting every round',
        note: 'The cycle never really ends while the audience keeps changing',
        state: { Audience: 'Refined segments, ready for the next round', Messages: 'Updated, ready to go out again' },
      },
    ],
  },
  'lessons/segmentation-and-personalization/segmentation-cycle.ts',
);
