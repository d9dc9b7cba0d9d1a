/** The explorer: one module per part of the seed, every number computed by the surprisal library. */
import 'katex/dist/katex.min.css';
import './style.css';
import { mountAxioms } from './sections/axioms.js';
import { mountConnections } from './sections/connections.js';
import { mountCrossEntropy } from './sections/crossEntropy.js';
import { mountEntropy } from './sections/entropy.js';
import { mountImportanceSampling } from './sections/importanceSampling.js';
import { mountKlFit } from './sections/klFit.js';
import { mountModelComparison } from './sections/modelComparison.js';
import { mountNll } from './sections/nll.js';
import { mountSelfInformation } from './sections/selfInformation.js';
import { renderTex } from './ui.js';

renderTex();
for (const mount of [
  mountAxioms,
  mountSelfInformation,
  mountEntropy,
  mountCrossEntropy,
  mountNll,
  mountKlFit,
  mountImportanceSampling,
  mountModelComparison,
  mountConnections,
]) {
  mount();
}
document.body.dataset.ready = 'true';
