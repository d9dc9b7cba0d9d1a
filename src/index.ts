/**
 * surprisal: information theory for TypeScript.
 * The whole public API, one group per folder; each folder's index.ts lists its exports, and each is also a
 * subpath entry point (`surprisal/special`, `surprisal/random`, …).
 * @packageDocumentation
 */

// Errors, units, log-space arithmetic, SciPy's elementwise conventions and the input types
export * from './core/index.js';
// Distribution families (PyTorch's constructors) and the KL divergence between them
export * from './distributions/index.js';
// Estimators from data: entropy, differential entropy, KL divergence, mutual information, k-d tree
export * from './estimators/index.js';
// Evaluation over corpora: mergeable accumulators of logit comparison, cross entropy, predictive entropy
export * from './evaluation/index.js';
// Kernels: WebAssembly memory for the fast paths and the worker threads
export * from './kernels/index.js';
// Losses with gradients (PyTorch semantics), bits per byte/token and logit comparison
export * from './losses/index.js';
// Measures on probability vectors and joint tables: entropy, cross entropy, KL, JS, mutual information, …
export * from './measures/index.js';
// Monte Carlo: importance sampling, PSIS, ESS, cross-entropy method, rare events, PSIS-LOO model comparison
export * from './montecarlo/index.js';
// Seeded random numbers: generator, variates, alias tables, multinomial
export * from './random/index.js';
// Special functions (SciPy names): log-gamma, polygamma, error functions, normal cdf/quantile, incomplete gamma and beta
export * from './special/index.js';
