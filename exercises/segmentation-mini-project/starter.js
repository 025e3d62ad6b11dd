// Step 1: the customer list
const customers = [
  // { name: 'Alice', category: 'Books' },
];

// Step 2: the segmentation criterion
const segment_categories = [];

// Step 3: one group of names per category
const groups = {};
// for (const category of segment_categories) { ... }

// Step 4: one message per segment
const personalized_messages = {};
