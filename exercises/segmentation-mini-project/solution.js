// Step 1: the customer list
const customers = [
  { name: 'Alice', category: 'Books' },
  { name: 'Bob', category: 'Electronics' },
  { name: 'Charlie', category: 'Books' },
  { name: 'Diana', category: 'Clothing' },
  { name: 'Ethan', category: 'Electronics' },
];

// Step 2: the segmentation criterion
const segment_categories = ['Books', 'Electronics', 'Clothing'];

// Step 3: one group of names per category
const groups = {};
for (const category of segment_categories) {
  const group = customers.filter((customer) => customer.category === category).map((customer) => customer.name);
  groups[category] = group;
}

// Step 4: one message per segment
const personalized_messages = {
  Books: 'Discover new books just for you!',
  Electronics: 'Latest gadgets available now!',
  Clothing: 'Trendy styles for your wardrobe.',
};
