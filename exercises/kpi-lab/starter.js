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
// for (const [name, counts] of Object.entries(campaign)) { ... }

// Step 2: conversion rate per segment
const conversion = {};

// Step 3: the winner of the A/B test and its lift
const winner = '';
const lift = 0;

// Step 4: the messages to rewrite
const rewrite = {};
