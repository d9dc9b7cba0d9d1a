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

/** Typesets every [data-tex] element under root with KaTeX (display mode for .tex-block). */
export function renderTex(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-tex]')) {
    katex.render(el.dataset.tex ?? '', el, {
      displayMode: el.classList.contains('tex-block'),
      throwOnError: false,
      output: 'htmlAndMathml',
    });
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
    label.textContent = `weight of ${name}`;
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

/** Runs f and shows a SurprisalError's message (the library's own words) instead of breaking the page. */
export function guarded(errorTestId: string, f: () => void): void {
  const el = document.querySelector<HTMLElement>(`[data-testid="${errorTestId}"]`);
  try {
    f();
    if (el) {
      el.textContent = '';
      el.hidden = true;
    }
  } catch (e) {
    if (!el) throw e;
    el.textContent = e instanceof Error ? e.message : String(e);
    el.hidden = false;
  }
}
