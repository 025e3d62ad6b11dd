# Step 1: click-through rate per segment
campaign = {
    'newcomers': {'sends': 4000, 'opens': 1600, 'clicks': 160, 'purchases': 20},
    'loyal': {'sends': 2500, 'opens': 1000, 'clicks': 250, 'purchases': 75},
}
ab_test = {
    'A': {'sends': 1200, 'clicks': 48},
    'B': {'sends': 800, 'clicks': 40},
}

ctr = {name: counts['clicks'] / counts['sends'] for name, counts in campaign.items()}

# Step 2: conversion rate per segment
conversion = {name: counts['purchases'] / counts['sends'] for name, counts in campaign.items()}

# Step 3: the winner of the A/B test and its lift
rate_a = ab_test['A']['clicks'] / ab_test['A']['sends']
rate_b = ab_test['B']['clicks'] / ab_test['B']['sends']
winner = 'A' if rate_a > rate_b else 'B'
lift = (max(rate_a, rate_b) - min(rate_a, rate_b)) / min(rate_a, rate_b)

# Step 4: the messages to rewrite
rewrite = {}
for name in campaign:
    rewrite[name] = ctr[name] < 0.05 or conversion[name] < 0.01
