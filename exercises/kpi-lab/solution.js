// Step 1: click-through rate per segment
const campaign = {
  newcomers: { sends: 4000, opens: 1600, clicks: 160, purchases: 20 },
  loyal: { sends: 2500, opens: 1000, clicks: 250, purchases: 75 },
};
const ab_test = {
  A: { sends: 1200, clicks: 48 },
  B: { sends: 800, clicks: 40 },
};

const ctr = {};
for (const [name, counts] of Object.entries(campaign)) ctr[name] = counts.clicks / counts.sends;

// Step 2: conversion rate per segment
const conversion = {};
for (const [name, counts] of Object.entries(campaign)) conversion[name] = counts.purchases / counts.sends;

// Step 3: the winner of the A/B test and its lift
const rate_a = ab_test.A.clicks / ab_test.A.sends;
const rate_b = ab_test.B.clicks / ab_test.B.sends;
const winner = rate_a > rate_b ? 'A' : 'B';
const lift = (Math.max(rate_a, rate_b) - Math.min(rate_a, rate_b)) / Math.min(rate_a, rate_b);

// Step 4: the messages to rewrite
const rewrite = {};
for (const name of Object.keys(campaign)) rewrite[name] = ctr[name] < 0.05 || conversion[name] < 0.01;
