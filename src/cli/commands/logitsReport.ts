/**
 * The reports of `compare-logits` and `loss` (table or JSON), shared by the in-memory route, the streamed
 * route and `surprisal merge`.
 * @module
 */
import type { Rate, Summary } from '../../index.js';
import { fmt, printJson, printText, table, type Unit } from '../output.js';

/** What a comparison report needs: compareLogits' result or LogitComparisonStats'. */
export interface Comparison {
  positions: number;
  klSummary: Summary;
  sameTop: Rate;
  targets?: {
    perplexityBase: number;
    perplexityOther: number;
    perplexityRatio: number;
    lnRatio: { mean: number; stdError: number };
    deltaPSummary: Summary;
    rmsDeltaP: { value: number; stdError: number };
  };
  /** Streamed: the percentiles' rank-error bounds (0 while exact). */
  rankError?: unknown;
}

const KL_ORDER = ['99.9', '99', '95', '90', '50', '10', '5', '1', '0.1'];
const DP_ORDER = ['99.9', '99', '95', '90', '75', '50', '25', '10', '5', '1', '0.1'];

/** llama.cpp's order: mean ± s.e., maximum, the percentiles from the top (50 as the median), minimum. */
function summaryRows(name: string, s: Summary, scale: number, unit: string, order: string[]): string[][] {
  const v = (x: number) => fmt(x * scale);
  const label = (p: string) => (p === '50' ? 'Median' : `${p}%`).padEnd(7);
  return [
    [`Mean    ${name}`, v(s.mean), `± ${v(s.stdError)}`, unit],
    [`Maximum ${name}`, v(s.max), '', unit],
    ...order.map((p) => [`${label(p)} ${name}`, v(s.percentiles[p]), '', unit]),
    [`Minimum ${name}`, v(s.min), '', unit],
  ];
}

function scaled(s: Summary, f: number): Summary {
  return {
    mean: s.mean * f,
    stdError: s.stdError * f,
    min: s.min * f,
    max: s.max * f,
    median: s.median * f,
    percentiles: Object.fromEntries(Object.entries(s.percentiles).map(([p, x]) => [p, x * f])),
  };
}

/** Prints the comparison: llama.cpp's sections as a table, or one JSON document. */
export function printComparison(
  r: Comparison,
  files: { base: string; other: string; targets?: string },
  vocabulary: number,
  unit: Unit,
  json: boolean | undefined,
  extra: Record<string, unknown> = {},
): void {
  const k = 1 / unit.ln;
  const doc: Record<string, unknown> = {
    command: 'compare-logits',
    files: [files.base, files.other, ...(files.targets ? [files.targets] : [])],
    positions: r.positions,
    vocabulary,
    unit: unit.name,
    kl: scaled(r.klSummary, k),
    sameTop: r.sameTop,
  };
  if (r.targets) {
    const t = r.targets;
    doc.perplexity = {
      base: t.perplexityBase,
      other: t.perplexityOther,
      ratio: t.perplexityRatio,
      lnRatio: t.lnRatio,
    };
    doc.deltaP = { ...scaled(t.deltaPSummary, 1), rms: t.rmsDeltaP };
  }
  if (r.rankError !== undefined) doc.rankError = r.rankError;
  Object.assign(doc, extra);
  if (json) {
    printJson(doc);
    return;
  }
  // Section titles stand on their own lines, outside the table's columns.
  const rows: string[][] = [];
  const sections = new Map<number, string>();
  const section = (s: string) => sections.set(rows.length, `====== ${s} ======`);
  if (r.targets) {
    const t = r.targets;
    section('Perplexity statistics');
    rows.push(['Mean PPL(Q)', fmt(t.perplexityOther), '', '']);
    rows.push(['Mean PPL(base)', fmt(t.perplexityBase), '', '']);
    rows.push(['Mean ln(PPL(Q)/PPL(base))', fmt(t.lnRatio.mean), `± ${fmt(t.lnRatio.stdError)}`, 'nats']);
    rows.push(['Mean PPL(Q)/PPL(base)', fmt(t.perplexityRatio), '', '']);
  }
  section('KL divergence statistics');
  rows.push(...summaryRows('KLD', r.klSummary, k, unit.name, KL_ORDER));
  if (r.targets) {
    const t = r.targets;
    section('Token probability statistics');
    rows.push(...summaryRows('Δp', t.deltaPSummary, 100, '%', DP_ORDER), [
      'RMS Δp',
      fmt(t.rmsDeltaP.value * 100),
      `± ${fmt(t.rmsDeltaP.stdError * 100)}`,
      '%',
    ]);
  }
  rows.push(['Same top p', fmt(r.sameTop.rate * 100), `± ${fmt(r.sameTop.stdError * 100)}`, '%']);
  const head = `${files.base} (base) vs ${files.other} (Q): ${r.positions} positions, vocabulary ${vocabulary}`;
  const lines = table(rows, ['l', 'r', 'r', 'l']).split('\n');
  const out = lines.flatMap((line, i) => (sections.has(i) ? [sections.get(i) as string, line] : [line]));
  printText([head, ...out].join('\n'));
}

/** The loss report's numbers (nats in, converted to `unit` for printing). */
export interface LossReport {
  files: string[];
  /** Rows, the ignored ones included. */
  positions: number;
  ignored: number;
  classes: number;
  crossEntropy: number;
  labelSmoothing: number;
  loss: number;
  meanEntropy: number;
  perplexity: number;
  bitsPerToken: number;
  /** Streamed: the standard errors and the top-1 accuracy. */
  crossEntropyStdError?: number;
  perplexityStdError?: number;
  accuracy?: Rate;
}

/** Prints the loss report as a table or one JSON document. */
export function printLoss(
  r: LossReport,
  unit: Unit,
  json: boolean | undefined,
  extra: Record<string, unknown> = {},
) {
  const doc: Record<string, unknown> = {
    command: 'loss',
    files: r.files,
    positions: r.positions,
    ignored: r.ignored,
    classes: r.classes,
    unit: unit.name,
    crossEntropy: r.crossEntropy / unit.ln,
    labelSmoothing: r.labelSmoothing,
    loss: r.loss / unit.ln,
    meanEntropy: r.meanEntropy / unit.ln,
    perplexity: r.perplexity,
    bitsPerToken: r.bitsPerToken,
  };
  if (r.crossEntropyStdError !== undefined) doc.crossEntropyStdError = r.crossEntropyStdError / unit.ln;
  if (r.perplexityStdError !== undefined) doc.perplexityStdError = r.perplexityStdError;
  if (r.accuracy !== undefined) doc.accuracy = r.accuracy;
  Object.assign(doc, extra);
  if (json) {
    printJson(doc);
    return;
  }
  const u = `${unit.name}/token`;
  const rows = [['quantity', 'value', 'unit']];
  const pm = (x: number | undefined) => (x === undefined ? '' : ` ± ${fmt(x)}`);
  rows.push([
    'cross entropy (mean NLL)',
    `${fmt(r.crossEntropy / unit.ln)}${pm(r.crossEntropyStdError === undefined ? undefined : r.crossEntropyStdError / unit.ln)}`,
    u,
  ]);
  if (r.labelSmoothing !== 0)
    rows.push([`loss, label smoothing ${fmt(r.labelSmoothing)}`, fmt(r.loss / unit.ln), u]);
  rows.push(['predictive entropy (mean)', fmt(r.meanEntropy / unit.ln), u]);
  rows.push(
    ['perplexity', `${fmt(r.perplexity)}${pm(r.perplexityStdError)}`, ''],
    ['bits per token', fmt(r.bitsPerToken), 'bits/token'],
  );
  if (r.accuracy)
    rows.push(['top-1 accuracy', `${fmt(r.accuracy.rate * 100)} ± ${fmt(r.accuracy.stdError * 100)}`, '%']);
  const n = r.positions;
  rows.push(['positions', r.ignored ? `${n - r.ignored} (+${r.ignored} ignored)` : String(n), 'tokens']);
  rows.push(['classes', String(r.classes), '']);
  printText(table(rows, ['l', 'r', 'l']));
}
