/**
 * Direct manipulation of the charts: drag a point along a curve or the bars of a distribution with a pointer
 * (mouse, pen or touch: Pointer Events with pointer capture), or use the keyboard on the focused chart. Every
 * change goes through the section's own slider (set and its input event dispatched), so the chart, the slider,
 * the numbers and the URL never disagree.
 */
import type { Scale } from '@observablehq/plot';
import { setSlider } from './ui.js';

type PlotElement = Element & { scale(name: string): Scale | undefined };

/** The plot drawn in a chart container (an <svg>, or a <figure> holding a legend and the <svg>). */
function plotIn(container: HTMLElement): { plot: PlotElement; svg: SVGSVGElement } | undefined {
  const plot = container.firstElementChild as PlotElement | null;
  if (!plot || typeof plot.scale !== 'function') return undefined;
  const svg = (
    plot.tagName.toLowerCase() === 'svg' ? plot : plot.querySelector(':scope > svg')
  ) as SVGSVGElement | null;
  return svg ? { plot, svg } : undefined;
}

/** The pointer's position in the plot's own pixel coordinates (the SVG may be scaled down by CSS). */
function pointIn(svg: SVGSVGElement, e: PointerEvent): { px: number; py: number } {
  const r = svg.getBoundingClientRect();
  const w = svg.width.baseVal.value || r.width;
  const h = svg.height.baseVal.value || r.height;
  return { px: ((e.clientX - r.left) * w) / r.width, py: ((e.clientY - r.top) * h) / r.height };
}

function snap(input: HTMLInputElement, v: number): number {
  const min = Number(input.min);
  const max = Number(input.max);
  const step = Number(input.step) || 1;
  const snapped = min + Math.round((Math.min(max, Math.max(min, v)) - min) / step) * step;
  return Number(snapped.toFixed(10));
}

/** Pointer capture and the drag loop shared by both kinds of handle. */
function onDrag(container: HTMLElement, move: (e: PointerEvent) => void): void {
  let dragging = false;
  container.addEventListener('pointerdown', (e) => {
    if (!plotIn(container)) return;
    dragging = true;
    try {
      container.setPointerCapture(e.pointerId);
    } catch {
      // A pointer the browser does not track (a synthetic event): the drag still follows it over the chart.
    }
    e.preventDefault();
    move(e);
  });
  container.addEventListener('pointermove', (e) => {
    if (dragging) move(e);
  });
  const stop = () => {
    dragging = false;
  };
  container.addEventListener('pointerup', stop);
  container.addEventListener('pointercancel', stop);
}

/**
 * The chart's x axis drives input: dragging anywhere on the chart moves the point to the pointer's x; the
 * focused chart takes the arrow keys (Page Up/Down for ten steps, Home/End), as a slider would.
 */
export function dragCurve(container: HTMLElement, input: HTMLInputElement, label: string): void {
  container.classList.add('draggable', 'drag-x');
  container.tabIndex = 0;
  container.setAttribute('role', 'slider');
  container.setAttribute('aria-label', `${label} (drag the point or use the arrow keys)`);
  const sync = () => {
    container.setAttribute('aria-valuemin', input.min);
    container.setAttribute('aria-valuemax', input.max);
    container.setAttribute('aria-valuenow', input.value);
    const text = input.getAttribute('aria-valuetext');
    if (text) container.setAttribute('aria-valuetext', text);
  };
  sync();
  input.addEventListener('input', sync);
  onDrag(container, (e) => {
    const found = plotIn(container);
    const x = found?.plot.scale('x');
    if (!found || !x?.invert) return;
    const v = snap(input, Number(x.invert(pointIn(found.svg, e).px)));
    if (v !== Number(input.value)) setSlider(input, v);
  });
  container.addEventListener('keydown', (e) => {
    const step = Number(input.step) || 1;
    const keys: Record<string, number> = {
      ArrowRight: step,
      ArrowUp: step,
      ArrowLeft: -step,
      ArrowDown: -step,
      PageUp: 10 * step,
      PageDown: -10 * step,
    };
    let v: number | undefined;
    if (e.key in keys) v = snap(input, Number(input.value) + keys[e.key]);
    else if (e.key === 'Home') v = Number(input.min);
    else if (e.key === 'End') v = Number(input.max);
    if (v === undefined) return;
    e.preventDefault();
    if (v !== Number(input.value)) setSlider(input, v);
  });
}

/**
 * Bars on a band x scale, one per input: dragging a bar sets its input to the pointer's y; on the focused
 * chart ←/→ pick a bar and ↑/↓ (Page Up/Down for ten steps) change it.
 */
export function dragBars(
  container: HTMLElement,
  inputs: readonly HTMLInputElement[],
  names: readonly string[],
  label: string,
): void {
  container.classList.add('draggable', 'drag-y');
  container.tabIndex = 0;
  container.setAttribute('role', 'group');
  let active = 0;
  const describe = () =>
    container.setAttribute(
      'aria-label',
      `${label}: ${names[active]} ${inputs[active].value} (←/→ pick a bar, ↑/↓ change it, or drag a bar)`,
    );
  describe();
  for (const input of inputs) input.addEventListener('input', describe);
  onDrag(container, (e) => {
    const found = plotIn(container);
    const x = found?.plot.scale('x');
    const y = found?.plot.scale('y');
    if (!found || !x || !y?.invert) return;
    const { px, py } = pointIn(found.svg, e);
    const band = x.bandwidth ?? 0;
    const i = names.findIndex((n) => {
      const start = Number(x.apply(n));
      return px >= start - 0.1 * band && px <= start + 1.1 * band;
    });
    if (i < 0) return;
    active = i;
    const v = snap(inputs[i], Number(y.invert(py)));
    if (v !== Number(inputs[i].value)) setSlider(inputs[i], v);
    describe();
  });
  container.addEventListener('keydown', (e) => {
    const input = inputs[active];
    const step = Number(input.step) || 1;
    const change: Record<string, number> = {
      ArrowUp: step,
      ArrowDown: -step,
      PageUp: 10 * step,
      PageDown: -10 * step,
    };
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      active = (active + (e.key === 'ArrowRight' ? 1 : inputs.length - 1)) % inputs.length;
      describe();
    } else if (e.key in change) {
      const v = snap(input, Number(input.value) + change[e.key]);
      if (v !== Number(input.value)) setSlider(input, v);
    } else return;
    e.preventDefault();
  });
}
