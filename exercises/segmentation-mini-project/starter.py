# Step 1: the customer list
customers = [
    # {'name': 'Alice', 'category': 'Books'},
]

# Step 2: the segmentation criterion
segment_categories = []

# Step 3: one group of names per category
groups = {}
# for category in segment_categories:
#     ...

# Step 4: one message per segment
personalized_messages = {}
