// Step 1: customers with age and city
const customers = [
  // { name: 'Maya', age: 22, city: 'New York' },
];

// Step 2: the age bands
const age_bands = [];

// Step 3: segments combining age band and city
const segments = {};
// for (const customer of customers) { ... }

// Step 4: one offer per segment
const segment_offers = {};
