# Step 1: customers with age and city
customers = [
    # {'name': 'Maya', 'age': 22, 'city': 'New York'},
]

# Step 2: the age bands
age_bands = []

# Step 3: segments combining age band and city
segments = {}
# for customer in customers:
#     ...

# Step 4: one offer per segment
segment_offers = {}
