/**
 * The explorer: one module per part of the seed, every number computed by the surprisal library.
 *
 * Only the first section is mounted at load; each of the others is imported (its own chunk) and mounted when it
 * comes within a screen or so of the viewport, so the page is ready without typesetting, sampling and fitting
 * what nobody has scrolled to yet. A mounted section carries data-mounted="true". The controls' values live in
 * the URL (urlState.ts), so a configuration can be shared.
 */
import 'katex/dist/katex.min.css';
import './style.css';
import { mountAxioms } from './sections/axioms.js';
import { cardTables, renderTex, watchTex } from './ui.js';
import { restoreSection, watchUrl } from './urlState.js';

type Mount = () => void;

/** The sections below the fold, by id, each loaded on demand. */
const LAZY: Record<string, () => Promise<Mount>> = {
  'self-information': () => import('./sections/selfInformation.js').then((m) => m.mountSelfInformation),
  'why-log': () => import('./sections/whyLog.js').then((m) => m.mountWhyLog),
  entropy: () => import('./sections/entropy.js').then((m) => m.mountEntropy),
  'differential-entropy': () =>
    import('./sections/differentialEntropy.js').then((m) => m.mountDifferentialEntropy),
  'cross-entropy': () => import('./sections/crossEntropy.js').then((m) => m.mountCrossEntropy),
  nll: () => import('./sections/nll.js').then((m) => m.mountNll),
  'kl-fit': () => import('./sections/klFit.js').then((m) => m.mountKlFit),
  'kl-uses': () => import('./sections/klUses.js').then((m) => m.mountKlUses),
  'importance-sampling': () =>
    import('./sections/importanceSampling.js').then((m) => m.mountImportanceSampling),
  'model-comparison': () => import('./sections/modelComparison.js').then((m) => m.mountModelComparison),
  connections: () => import('./sections/connections.js').then((m) => m.mountConnections),
};

/** Typesets a section's formulas, runs its module and lets its tables reflow into cards on a phone. */
function mount(section: HTMLElement, run: Mount): void {
  renderTex(section);
  run();
  cardTables(section);
  restoreSection(section);
  section.dataset.mounted = 'true';
}

const masthead = document.querySelector<HTMLElement>('.masthead');
if (masthead) renderTex(masthead);
mount(document.getElementById('axioms') as HTMLElement, mountAxioms);
watchTex();
watchUrl();
document.body.dataset.ready = 'true';
performance.mark('explorer-ready');

const observer = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const section = entry.target as HTMLElement;
      observer.unobserve(section);
      const load = LAZY[section.id];
      section.dataset.mounted = 'loading';
      load().then((run) => mount(section, run));
    }
  },
  { rootMargin: '100% 0px' },
);
for (const id of Object.keys(LAZY)) {
  const section = document.getElementById(id);
  if (section) observer.observe(section);
}
