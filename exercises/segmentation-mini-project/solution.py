# Step 1: the customer list
customers = [
    {'name': 'Alice', 'category': 'Books'},
    {'name': 'Bob', 'category': 'Electronics'},
    {'name': 'Charlie', 'category': 'Books'},
    {'name': 'Diana', 'category': 'Clothing'},
    {'name': 'Ethan', 'category': 'Electronics'},
]

# Step 2: the segmentation criterion
segment_categories = ['Books', 'Electronics', 'Clothing']

# Step 3: one group of names per category
groups = {}
for category in segment_categories:
    group = [customer['name'] for customer in customers if customer['category'] == category]
    groups[category] = group

# Step 4: one message per segment
personalized_messages = {
    'Books': 'Discover new books just for you!',
    'Electronics': 'Latest gadgets available now!',
    'Clothing': 'Trendy styles for your wardrobe.',
}
