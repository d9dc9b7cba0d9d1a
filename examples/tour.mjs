// A short tour of the seed's examples, each number computed by the library.
// Run with `npm start` (builds first). Imports the package by name, as a user would.
import {
  conditionalEntropy,
  crossEntropy,
  entropy,
  jointEntropy,
  klDivergence,
  nllLoss,
  perplexity,
  surprisal,
} from 'surprisal';

const bits = { base: 'bits' };
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(4).padStart(9) : String(x).padStart(9));
const row = (label, nats, b) => console.log(`  ${label.padEnd(52)}${fmt(b)} bits ${fmt(nats)} nats`);
const both = (label, f) => row(label, f({}), f(bits));

console.log('surprisal: information theory for TypeScript — a tour of the seed\n');

console.log('1. Self-information, I(x) = -log p(x)');
both('"gravity still works today"          p = 1', (o) => surprisal(1, o));
both('a fair coin lands heads              p = 1/2', (o) => surprisal(0.5, o));
both('a fair die shows six                 p = 1/6', (o) => surprisal(1 / 6, o));
both('"stocks rose: Mercury is in retrograde"  p = 0', (o) => surprisal(0, o));

console.log('\n2. Entropy, H(p) = -Σ p log p: expected surprise');
const fair = [1, 1, 1, 1, 1, 1].map((w) => w / 6);
const loaded = [0.05, 0.05, 0.05, 0.05, 0.05, 0.75];
both('a fair die (the most chaotic die: log 6)', (o) => entropy(fair, o));
both('a loaded die that shows six 75% of the time', (o) => entropy(loaded, o));
const cat = [1, 0, 0];
both('a model that always predicts "cat" (cat, dog, bird)', (o) => entropy(cat, o));
console.log(
  `  perplexity: fair die ${perplexity(fair).toFixed(4)}, loaded die ${perplexity(loaded).toFixed(4)}, "cat" model ${perplexity(cat)}`,
);

console.log('\n3. Cross entropy, H(p, q) = -Σ p log q: when your beliefs are wrong');
const truth = [0, 1, 0]; // the picture is a dog
const model = [0.98, 0.01, 0.01]; // a model that (almost) always says "cat"
both('true label "dog", model says 98% cat: -log q(dog)', (o) => crossEntropy(truth, model, o));
both('the same with a model that always says "cat"', (o) => crossEntropy(truth, cat, o));
both('the fair die, coded as if it were the loaded one', (o) => crossEntropy(fair, loaded, o));

console.log('\n4. NLL is the empirical cross entropy');
const rolls = [5, 5, 2, 5, 0, 5, 3, 5]; // eight rolls of the loaded die (faces 0..5)
// nllLoss takes one row of log-probabilities per observation, as PyTorch's nll_loss.
const logq = loaded.map(Math.log);
const nll = nllLoss(
  rolls.map(() => logq),
  rolls,
).loss;
const empirical = [0, 1, 2, 3, 4, 5].map((f) => rolls.filter((x) => x === f).length / rolls.length);
row('nllLoss: mean -log q(x_i) over 8 rolls, q = loaded', nll, nll / Math.LN2);
both('crossEntropy(empirical distribution of rolls, q)', (o) => crossEntropy(empirical, loaded, o));

console.log('\n5. KL divergence, the price of being wrong, is not symmetric');
both('D(fair ‖ loaded)', (o) => klDivergence(fair, loaded, o));
both('D(loaded ‖ fair)', (o) => klDivergence(loaded, fair, o));
both(
  'H(fair, loaded) - H(fair)  (= D(fair ‖ loaded))',
  (o) => crossEntropy(fair, loaded, o) - entropy(fair, o),
);
both('D([.5, .5] ‖ [.9, .1])', (o) => klDivergence([0.5, 0.5], [0.9, 0.1], o));
both('D([.9, .1] ‖ [.5, .5])', (o) => klDivergence([0.9, 0.1], [0.5, 0.5], o));

console.log('\n6. The chain rule, H(X, Y) = H(X) + H(Y | X)');
const weather = [
  [0.4, 0.1], // sunny: no umbrella, umbrella
  [0.1, 0.4], // rainy
];
const hx = entropy(
  weather.map((r) => r[0] + r[1]),
  bits,
);
row('H(weather, umbrella)', jointEntropy(weather), jointEntropy(weather, bits));
row(
  'H(weather) + H(umbrella | weather)',
  hx * Math.LN2 + conditionalEntropy(weather),
  hx + conditionalEntropy(weather, bits),
);

console.log('\nEvery function: see the README. Tests: npm test.');
