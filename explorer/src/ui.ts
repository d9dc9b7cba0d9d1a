/** DOM glue shared by the sections: number outputs, labelled sliders, formulas, responsive charts. */
import katex from 'katex';
import { fmt, fmtFixed } from './format.js';

export const colors = { p: '#2563eb', q: '#d9480f', accent: '#0f766e', muted: '#6b7280' } as const;

/** The element with this id, or a clear error naming it (a typo in index.html should fail loudly). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`explorer: no element #${id}`);
  return el as T;
}

/** Every displayed number: the formatted text, and the full-precision value in data-value. */
export function show(testId: string, value: number, digits = 4, style: 'auto' | 'fixed' = 'auto'): void {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  if (!el) throw new Error(`explorer: no output [data-testid="${testId}"]`);
  el.textContent = style === 'fixed' ? fmtFixed(value, digits) : fmt(value, digits);
  el.dataset.value = String(value);
}

/** A text output (a verdict, a message) addressed by data-testid. */
export function say(testId: string, text: string): void {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  if (!el) throw new Error(`explorer: no output [data-testid="${testId}"]`);
  el.textContent = text;
}

/** The phone layout of style.css (one column, tables as cards, narrow formula variants). */
export const NARROW = '(max-width: 600px)';

/**
 * Typesets every [data-tex] element under root with KaTeX (display mode for .tex-block). On a narrow screen a
 * formula's data-tex-narrow variant (the same formula broken over lines) is used where there is one; display
 * formulas still too wide for their column are then scaled down by {@link fitTex}.
 */
export function renderTex(root: ParentNode = document): void {
  const narrow = window.matchMedia(NARROW).matches;
  for (const el of root.querySelectorAll<HTMLElement>('[data-tex]')) {
    const tex = (narrow && el.dataset.texNarrow) || el.dataset.tex || '';
    if (el.dataset.rendered === tex) continue;
    katex.render(tex, el, {
      displayMode: el.classList.contains('tex-block'),
      throwOnError: false,
      output: 'htmlAndMathml',
    });
    el.dataset.rendered = tex;
  }
  // After the next paint, when layout is clean: measuring now would force a layout in the middle of mounting.
  requestAnimationFrame(() => setTimeout(() => fitTex(root)));
}

/**
 * Scales each display formula under root down to the width of its column (to 55% at most); a formula wider
 * still scrolls inside its own box, never the page.
 */
export function fitTex(root: ParentNode = document): void {
  const blocks = [...root.querySelectorAll<HTMLElement>('.tex-block')];
  for (const el of blocks) el.style.fontSize = '';
  const sizes = blocks.map((el) => {
    const box = el.querySelector<HTMLElement>('.katex-display') ?? el;
    const inner = el.querySelector<HTMLElement>('.katex-html') ?? box;
    return { el, available: box.clientWidth, needed: inner.scrollWidth };
  });
  for (const { el, available, needed } of sizes) {
    if (available > 0 && needed > available) {
      el.style.fontSize = `${Math.max(0.55, Math.floor((100 * available) / needed) / 100)}em`;
    }
  }
}

let texWidth = 0;
/** Re-typesets (narrow variants) and refits the formulas when the window's width changes. */
export function watchTex(): void {
  texWidth = window.innerWidth;
  let timer = 0;
  window.addEventListener('resize', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      if (window.innerWidth === texWidth) return;
      texWidth = window.innerWidth;
      renderTex(document);
    }, 100);
  });
}

/**
 * Lets the results tables of root reflow into cards on a phone: every data cell gets a copy of its column's
 * header (shown only in the card layout, hidden from screen readers, which have the real header) and its
 * content wrapped in a .cell-value. Idempotent.
 */
export function cardTables(root: ParentNode = document): void {
  for (const table of root.querySelectorAll<HTMLTableElement>('table.results')) {
    const heads = [...table.querySelectorAll<HTMLElement>('thead th')];
    for (const row of table.querySelectorAll<HTMLTableRowElement>('tbody tr')) {
      [...row.cells].forEach((cell, j) => {
        if (cell.tagName !== 'TD' || cell.querySelector(':scope > .cell-label') || !heads[j]) return;
        const label = document.createElement('span');
        label.className = 'cell-label';
        label.setAttribute('aria-hidden', 'true');
        label.innerHTML = heads[j].innerHTML;
        const value = document.createElement('span');
        value.className = 'cell-value';
        value.append(...cell.childNodes);
        cell.append(label, value);
      });
    }
  }
}

/**
 * Draws a chart into a container and redraws it when the container's width changes. Returns a function that
 * redraws with the current data.
 */
export function chart(container: HTMLElement, draw: (width: number) => Element): () => void {
  let lastWidth = 0;
  const render = () => {
    lastWidth = Math.max(260, Math.floor(container.clientWidth));
    // An invalid input leaves the chart to invalidate(): nothing is drawn from stale data.
    if (container.closest<HTMLElement>('section')?.dataset.invalid === 'true') return;
    container.replaceChildren(draw(lastWidth));
  };
  new ResizeObserver(() => {
    if (Math.abs(Math.floor(container.clientWidth) - lastWidth) > 8) render();
  }).observe(container);
  return render;
}

export interface SliderSpec {
  id: string;
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** How the current value is printed beside the slider. */
  format?: (v: number) => string;
}

/**
 * Appends a labelled range input, its value printed in an <output>, to parent (keyboard: arrows, Page Up/Down,
 * Home/End). onInput runs on every change, from the pointer, the keyboard or {@link setSlider}.
 */
export function slider(
  parent: HTMLElement,
  spec: SliderSpec,
  onInput: (v: number) => void,
): HTMLInputElement {
  const row = document.createElement('div');
  row.className = 'control';
  const label = document.createElement('label');
  label.htmlFor = spec.id;
  label.textContent = spec.label;
  const input = document.createElement('input');
  input.type = 'range';
  input.id = spec.id;
  input.min = String(spec.min);
  input.max = String(spec.max);
  input.step = String(spec.step);
  input.value = String(spec.value);
  const out = document.createElement('output');
  out.htmlFor.add(spec.id);
  out.dataset.testid = `${spec.id}-value`;
  out.dataset.control = 'true';
  const print = () => {
    const v = Number(input.value);
    out.textContent = spec.format ? spec.format(v) : String(v);
    out.dataset.value = String(v);
    input.setAttribute('aria-valuetext', out.textContent);
  };
  print();
  input.addEventListener('input', () => {
    print();
    onInput(Number(input.value));
  });
  row.append(label, input, out);
  parent.append(row);
  return input;
}

/** Sets a slider programmatically and lets its listeners run as if the user had moved it. */
export function setSlider(input: HTMLInputElement, value: number): void {
  input.value = String(value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

export interface DistributionEditor {
  /** The current (unnormalised) weights. */
  weights(): number[];
  /** Sets the weights without notifying (used to mirror another editor of the same distribution). */
  set(weights: readonly number[]): void;
  /** Prints the normalised probabilities beside the sliders. */
  showProbs(probs: ArrayLike<number>): void;
}

/**
 * A fieldset of sliders, one weight (0 to 100) per outcome; the distribution is the weights normalised, which
 * the section does with the library (`new Categorical(w, { normalize: true })`) and prints back with showProbs.
 */
export function distributionEditor(
  parent: HTMLElement,
  spec: { id: string; legend: string; names: readonly string[]; weights: readonly number[] },
  onInput: (weights: number[]) => void,
): DistributionEditor {
  const fieldset = document.createElement('fieldset');
  fieldset.className = 'distribution';
  const legend = document.createElement('legend');
  legend.textContent = spec.legend;
  fieldset.append(legend);
  const inputs: HTMLInputElement[] = [];
  const outputs: HTMLOutputElement[] = [];
  spec.names.forEach((name, i) => {
    const row = document.createElement('div');
    row.className = 'control';
    const label = document.createElement('label');
    const id = `${spec.id}-${i}`;
    label.htmlFor = id;
    const long = document.createElement('span');
    long.className = 'wide-only';
    long.textContent = 'weight of ';
    label.append(long, name);
    const input = document.createElement('input');
    input.type = 'range';
    input.id = id;
    input.min = '0';
    input.max = '100';
    input.step = '1';
    input.value = String(spec.weights[i]);
    const out = document.createElement('output');
    out.htmlFor.add(id);
    out.dataset.testid = `${id}-prob`;
    input.addEventListener('input', () => onInput(inputs.map((x) => Number(x.value))));
    row.append(label, input, out);
    fieldset.append(row);
    inputs.push(input);
    outputs.push(out);
  });
  parent.append(fieldset);
  return {
    weights: () => inputs.map((x) => Number(x.value)),
    set: (w) => {
      w.forEach((v, i) => {
        inputs[i].value = String(v);
      });
    },
    showProbs: (probs) => {
      outputs.forEach((out, i) => {
        out.textContent = fmt(probs[i], 3);
        out.dataset.value = String(probs[i]);
        inputs[i].setAttribute(
          'aria-valuetext',
          `weight ${inputs[i].value}, probability ${fmt(probs[i], 3)}`,
        );
      });
    },
  };
}

/** State the tests read back (the inputs behind displayed numbers that are not themselves displayed). */
export function expose(section: string, state: unknown): void {
  const w = window as unknown as { surprisalExplorer?: Record<string, unknown> };
  w.surprisalExplorer ??= {};
  w.surprisalExplorer[section] = state;
}

/**
 * Clears every output the section's inputs feed: numbers become "—" (the reason in their title), verdicts are
 * emptied and each chart is replaced by the reason, so that nothing stale stays on screen. The printed
 * positions of the controls themselves (data-control outputs) are kept.
 */
export function invalidate(section: HTMLElement, reason: string): void {
  section.dataset.invalid = 'true';
  for (const out of section.querySelectorAll<HTMLElement>('output')) {
    if (out.dataset.control === 'true') continue;
    out.textContent = '—';
    out.title = reason;
    out.dataset.value = 'NaN';
  }
  for (const el of section.querySelectorAll<HTMLElement>('.verdict, .tag')) {
    el.textContent = '';
    delete el.dataset.category;
  }
  for (const el of section.querySelectorAll<HTMLElement>('.chart')) {
    const note = document.createElement('p');
    note.className = 'chart-empty';
    note.textContent = `Nothing to plot: ${reason}`;
    el.replaceChildren(note);
  }
}

/**
 * Runs f and shows a SurprisalError's message (the library's own words) instead of breaking the page; on an
 * error every dependent output of the section is cleared ({@link invalidate}). Returns whether f succeeded.
 */
export function guarded(errorTestId: string, f: () => void): boolean {
  const el = document.querySelector<HTMLElement>(`[data-testid="${errorTestId}"]`);
  const section = el?.closest<HTMLElement>('section');
  if (section) delete section.dataset.invalid;
  try {
    f();
    if (el) {
      el.textContent = '';
      el.hidden = true;
    }
    if (section) {
      for (const out of section.querySelectorAll<HTMLElement>('output[title]')) out.removeAttribute('title');
    }
    return true;
  } catch (e) {
    if (!el) throw e;
    const message = e instanceof Error ? e.message : String(e);
    el.textContent = message;
    el.hidden = false;
    if (section) invalidate(section, message);
    return false;
  }
}
