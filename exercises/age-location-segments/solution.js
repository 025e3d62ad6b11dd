// Step 1: customers with age and city
const customers = [
  { name: 'Maya', age: 22, city: 'New York' },
  { name: 'Leo', age: 31, city: 'Chicago' },
  { name: 'Priya', age: 24, city: 'New York' },
  { name: 'Sam', age: 40, city: 'Chicago' },
  { name: 'Nora', age: 29, city: 'Chicago' },
  { name: 'Omar', age: 38, city: 'New York' },
];

// Step 2: the age bands
const age_bands = [
  { label: '18-25', min: 18, max: 25 },
  { label: '26-35', min: 26, max: 35 },
  { label: '36-45', min: 36, max: 45 },
];

// Step 3: segments combining age band and city
const segments = {};
for (const customer of customers) {
  const band = age_bands.find((b) => customer.age >= b.min && customer.age <= b.max);
  const segment = `${band.label} in ${customer.city}`;
  (segments[segment] ??= []).push(customer.name);
}

// Step 4: one offer per segment
const segment_offers = {
  '18-25 in New York': 'Student deals across New York this week!',
  '26-35 in Chicago': 'Make your Chicago place feel like home.',
  '36-45 in Chicago': 'Weekend family picks, delivered in Chicago.',
  '36-45 in New York': 'Weekend family picks, delivered in New York.',
};
