# Step 1: click-through rate per segment
campaign = {
    'newcomers': {'sends': 4000, 'opens': 1600, 'clicks': 160, 'purchases': 20},
    'loyal': {'sends': 2500, 'opens': 1000, 'clicks': 250, 'purchases': 75},
}
ab_test = {
    'A': {'sends': 1200, 'clicks': 48},
    'B': {'sends': 800, 'clicks': 40},
}

ctr = {}
# for name, counts in campaign.items():
#     ...

# Step 2: conversion rate per segment
conversion = {}

# Step 3: the winner of the A/B test and its lift
winner = ''
lift = 0

# Step 4: the messages to rewrite
rewrite = {}
