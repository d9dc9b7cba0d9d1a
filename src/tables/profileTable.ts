/**
 * The information profile of a table: per column its type, missing and distinct counts, entropy with a
 * standard error, normalised entropy and flags; with a target, every column's mutual information with it,
 * ranked; with pairs, the mutual-information matrix and approximate functional dependencies. Only counts come
 * from the source (an engine's GROUP BY); everything else is computed here, the same for every engine.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import {
  describe,
  readBooleanOption,
  readChoiceOption,
  readIntegerOption,
  readOptions,
} from '../core/options.js';
import { type Base, unitLog } from '../core/units.js';
import type { ColumnType } from '../estimators/columnType.js';
import { type Estimate, readConfidence } from '../estimators/estimate.js';
import { estimateEntropy } from '../estimators/estimateEntropy.js';
import { jointEstimates, type ProfileEstimator } from './jointCounts.js';
import type { ColumnStats, SourceColumn, TableSource } from './source.js';
import type { CountKey, StorageKind } from './sql.js';

/** Options of {@link profileTable}. */
export interface ProfileTableOptions {
  /** Columns to profile (default: all). */
  columns?: readonly string[];
  /** A column to rank the others by: their mutual information with it, and H(target | column). */
  target?: string;
  /** Also the mutual information of every pair of columns and approximate functional dependencies. */
  pairs?: boolean;
  /** `'plugin'` (default) or `'miller-madow'`, for entropies and mutual informations alike. */
  estimator?: ProfileEstimator;
  /** Level of the confidence intervals (`ci`), in (0, 1); omitted = none. */
  confidence?: number;
  /** Unit: `'nats'` (default), `'bits'`, `'hartleys'` or a number. */
  base?: Base;
  /** Equal-frequency bins of a continuous column (from its exact order statistics), an integer in [2, 1000]; default 10. */
  bins?: number;
  /** Columns to take as discrete whatever they hold. */
  discrete?: readonly string[];
  /** Numeric columns to take as continuous. */
  continuous?: readonly string[];
  /** Most distinct integer values of a column inferred as discrete (the rule of `inferColumnType`); default 20. */
  maxLevels?: number;
  /** Most groups one count query may return (distinct values, or combinations for a pair); default 1,000,000. */
  maxGroups?: number;
  /** H(Y | X) ≤ threshold · H(Y) makes X → Y an approximate functional dependency; in [0, 1), default 0.01. */
  dependencyThreshold?: number;
  /** Runs the schema, statistics and quantile queries but not the GROUP BY counts (their SQL is in `statements`). */
  explain?: boolean;
  /** Called after each query: done, and the total planned so far. */
  onProgress?: (done: number, total: number) => void;
}

/** Why a column got no entropy. */
export type SkipReason = 'no values' | 'too many distinct values' | 'explain';

/** One column of a {@link TableProfile}. */
export interface ColumnProfile {
  name: string;
  /** `'discrete'` or `'continuous'` (by the rule of `inferColumnType`, or as overridden). */
  type: ColumnType;
  /** How the source stores it: `'string'`, `'boolean'`, `'integer'`, `'float'` or `'other'`. */
  storage: StorageKind;
  rows: number;
  missing: number;
  /** Distinct non-missing values. */
  distinct: number;
  /** For a continuous column: the upper edges of its equal-frequency bins (the entropy is of the binned column). */
  binEdges?: number[];
  /** Entropy of the column's values (or bins) over its non-missing rows. */
  entropy: Estimate | null;
  /** H / log K, K the values (or non-empty bins) seen; null for K < 2. */
  normalizedEntropy: number | null;
  /** `'constant'` (one value), `'near-constant'` (one value in ≥ 95% of rows), `'unique'` (every value once: an identifier). */
  flags: ('constant' | 'near-constant' | 'unique')[];
  /** Why entropy is null. */
  skipped?: SkipReason;
}

/** A column's relation to the target. */
export interface TargetRelation {
  column: string;
  /** I(column; target) over the rows where both are present. */
  mutualInformation: Estimate;
  /** H(target | column) over the same rows. */
  conditionalEntropy: number;
  /** Rows where both are present. */
  rows: number;
}

/** The result of {@link profileTable}. */
export interface TableProfile {
  engine: TableSource['engine'];
  source: string;
  rows: number;
  unit: string;
  estimator: ProfileEstimator;
  columns: ColumnProfile[];
  /** With `target`: every other column's relation to it, highest mutual information first. */
  target?: {
    column: string;
    entropy: Estimate | null;
    ranking: TargetRelation[];
    skipped: { column: string; reason: string }[];
  };
  /** With `pairs`: the symmetric mutual-information matrix (NaN where a pair was skipped) and dependencies. */
  pairs?: {
    columns: string[];
    mutualInformation: number[][];
    stdError: number[][];
    dependencies: { from: string; to: string; conditionalEntropy: number; ratio: number }[];
  };
  /** The SQL the source ran (or, with `explain`, would run), values written in. */
  statements: string[];
}

const KEYS = [
  'columns',
  'target',
  'pairs',
  'estimator',
  'confidence',
  'base',
  'bins',
  'discrete',
  'continuous',
  'maxLevels',
  'maxGroups',
  'dependencyThreshold',
  'explain',
  'onProgress',
] as const;

function readNames(
  value: unknown,
  known: readonly string[],
  option: string,
  fn: string,
): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${option} must be an array of column names; got ${describe(value)}`,
      {
        argument: option,
        value,
      },
    );
  }
  for (const v of value as string[]) {
    if (!known.includes(v)) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: ${option} names '${v}', which is not a column (columns: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''})`,
        { argument: option, value: v },
      );
    }
  }
  return value as string[];
}

/** The rule of inferColumnType, on a source's statistics. */
function typeOf(c: SourceColumn, s: ColumnStats, maxLevels: number): ColumnType {
  if (c.kind !== 'integer' && c.kind !== 'float') return 'discrete';
  const n = s.rows - s.missing;
  if (n === 0) return 'discrete';
  if (s.fractional > 0) return 'continuous';
  return s.distinct <= Math.min(maxLevels, Math.max(2, Math.floor(n / 2))) ? 'discrete' : 'continuous';
}

/**
 * Profiles a table through a count source ({@link duckDbSource}, {@link postgresSource}, {@link clickHouseSource}
 * or {@link memorySource}): one statistics scan for all columns, exact order statistics for the bins of
 * continuous columns, then one GROUP BY per column (and per pair with the target, or every pair with `pairs`),
 * each bounded by `maxGroups`. Entropies come from `estimateEntropy` on the counts; I(X; Y) and H(Y | X) from the
 * joint counts (plug-in or Miller–Madow, delta-method standard errors with the second-order term). Missing values
 * are left out column by column (pairwise for the mutual informations).
 *
 * @param source - where the counts come from.
 * @example
 * ```ts
 * const src = memorySource({ g: ['a', 'b', 'a', 'b'], h: ['x', 'y', 'x', 'y'], c: [1, 1, 1, 1] });
 * const p = await profileTable(src, { target: 'h', base: 'bits' });
 * p.columns[0].entropy?.value;                   // 1
 * p.columns[2].flags;                            // ['constant']
 * p.target?.ranking[0].column;                   // 'g'
 * p.target?.ranking[0].mutualInformation.value;  // 1
 * ```
 * @throws {SurprisalError} `INVALID_OPTION` for bad options or unknown column names, `EMPTY` for a table without
 *   rows, `ENGINE_ERROR` for a
 *   query the engine refuses, `TOO_LARGE` when a target or pair has more than `maxGroups` combinations.
 */
export async function profileTable(
  source: TableSource,
  options?: ProfileTableOptions,
): Promise<TableProfile> {
  const fn = 'profileTable';
  const o = readOptions(options, fn, KEYS);
  if (source === null || typeof source !== 'object' || typeof (source as TableSource).counts !== 'function') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: source must be a table source (duckDbSource, …); got ${describe(source)}`,
      {
        argument: 'source',
        value: source,
      },
    );
  }
  const estimator = readChoiceOption(
    o.estimator,
    'plugin',
    ['plugin', 'miller-madow'],
    'estimator',
    fn,
  ) as ProfileEstimator;
  const confidence = readConfidence(o.confidence, fn);
  const unit = unitLog(o.base, fn);
  const bins = readIntegerOption(o.bins, 10, 2, 1000, 'bins', fn);
  const maxLevels = readIntegerOption(o.maxLevels, 20, 1, 2 ** 31, 'maxLevels', fn);
  const maxGroups = readIntegerOption(o.maxGroups, 1_000_000, 1, 2 ** 31, 'maxGroups', fn);
  const pairs = readBooleanOption(o.pairs, false, 'pairs', fn);
  const explain = readBooleanOption(o.explain, false, 'explain', fn);
  const threshold = o.dependencyThreshold ?? 0.01;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold < 1)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: dependencyThreshold must be in [0, 1); got ${describe(threshold)}`,
      {
        argument: 'dependencyThreshold',
        value: threshold,
      },
    );
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new SurprisalError('INVALID_OPTION', `${fn}: onProgress must be a function`, {
      argument: 'onProgress',
    });
  }
  let done = 0;
  let total = 2;
  const progress = () => o.onProgress?.(++done, total);

  const all = await source.columns();
  progress();
  const names = all.map((c) => c.name);
  const chosen = readNames(o.columns, names, 'columns', fn);
  const targetName = o.target;
  if (targetName !== undefined && (typeof targetName !== 'string' || !names.includes(targetName))) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: target ${typeof targetName === 'string' ? `'${targetName}'` : describe(targetName)} is not a column (columns: ${names.slice(0, 20).join(', ')})`,
      {
        argument: 'target',
        value: targetName,
      },
    );
  }
  const discrete = new Set(readNames(o.discrete, names, 'discrete', fn) ?? []);
  const continuous = new Set(readNames(o.continuous, names, 'continuous', fn) ?? []);
  for (const c of continuous) {
    const kind = all.find((x) => x.name === c)?.kind;
    if (discrete.has(c) || (kind !== 'integer' && kind !== 'float')) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: column '${c}' cannot be continuous (${discrete.has(c) ? 'it is also listed as discrete' : `it holds ${kind} values`})`,
        {
          argument: 'continuous',
          value: c,
        },
      );
    }
  }
  const wanted = chosen ? all.filter((c) => chosen.includes(c.name) || c.name === targetName) : all;
  const stats = await source.stats(wanted);
  progress();
  const rows = stats[0]?.rows ?? 0;
  if (rows === 0) {
    throw new SurprisalError('EMPTY', `${fn}: ${source.label} has no rows to profile`, {
      argument: 'source',
    });
  }
  const types = wanted.map((c, i) =>
    discrete.has(c.name)
      ? 'discrete'
      : continuous.has(c.name)
        ? 'continuous'
        : typeOf(c, stats[i], maxLevels),
  );
  const countable = (i: number) =>
    stats[i].rows - stats[i].missing > 0 && (types[i] === 'continuous' || stats[i].distinct <= maxGroups);
  total += types.filter((t) => t === 'continuous').length + wanted.filter((_, i) => countable(i)).length;

  // Bins of the continuous columns: exact order statistics of ranks ⌈k·n/B⌉ − 1, k = 1..B−1, ties merged.
  const keys: CountKey[] = [];
  for (let i = 0; i < wanted.length; i++) {
    const c = wanted[i];
    const key: CountKey = { column: c.name, kind: c.kind };
    const n = stats[i].rows - stats[i].missing;
    if (types[i] === 'continuous' && n > 0) {
      const ranks = Array.from({ length: bins - 1 }, (_, k) => Math.ceil(((k + 1) * n) / bins) - 1);
      const values = await source.orderStatistics(c, ranks, n);
      progress();
      key.edges = [...new Set(values)].sort((a, b) => a - b);
    }
    keys.push(key);
  }

  const columns: ColumnProfile[] = [];
  for (let i = 0; i < wanted.length; i++) {
    const c = wanted[i];
    const s = stats[i];
    const n = s.rows - s.missing;
    const profile: ColumnProfile = {
      name: c.name,
      type: types[i],
      storage: c.kind,
      rows: s.rows,
      missing: s.missing,
      distinct: s.distinct,
      entropy: null,
      normalizedEntropy: null,
      flags: [],
    };
    if (keys[i].edges) profile.binEdges = keys[i].edges as number[];
    if (s.distinct <= 1 && n > 0) profile.flags.push('constant');
    if (s.distinct === n && n > 1 && c.kind !== 'float') profile.flags.push('unique');
    if (n === 0) profile.skipped = 'no values';
    else if (!countable(i)) profile.skipped = 'too many distinct values';
    else if (explain) {
      profile.skipped = 'explain';
      source.explainCounts([keys[i]], maxGroups);
    } else {
      const g = await source.counts([keys[i]], maxGroups);
      progress();
      const e = estimateEntropy(
        { counts: g.counts },
        confidence === undefined
          ? { method: estimator, base: o.base }
          : { method: estimator, base: o.base, confidence },
      );
      profile.entropy =
        confidence === undefined
          ? { value: e.value, stdError: e.stdError }
          : { value: e.value, stdError: e.stdError, ci: e.ci };
      const k = g.counts.filter((x) => x > 0).length;
      profile.normalizedEntropy = k >= 2 ? (e.value * unit) / Math.log(k) : null;
      if (s.distinct > 1 && Math.max(...g.counts) >= 0.95 * n) profile.flags.push('near-constant');
    }
    columns.push(profile);
  }

  const result: TableProfile = {
    engine: source.engine,
    source: source.label,
    rows,
    unit: typeof o.base === 'number' ? `log base ${o.base}` : (o.base ?? 'nats'),
    estimator,
    columns: columns.filter((c) => !chosen || chosen.includes(c.name)),
    statements: source.statements,
  };

  const usable = (i: number) => columns[i].entropy !== null || (explain && columns[i].skipped === 'explain');
  const joint = async (a: number, b: number) => {
    const g = await source.counts([keys[a], keys[b]], maxGroups);
    progress();
    return jointEstimates(g.keys, g.counts, estimator, unit, confidence);
  };

  if (targetName !== undefined) {
    const t = wanted.findIndex((c) => c.name === targetName);
    const others = wanted
      .map((_, i) => i)
      .filter((i) => i !== t && (!chosen || chosen.includes(wanted[i].name)));
    const skipped: { column: string; reason: string }[] = [];
    const ranking: TargetRelation[] = [];
    total += others.length;
    for (const i of others) {
      if (!usable(t)) {
        skipped.push({ column: wanted[i].name, reason: `the target: ${columns[t].skipped}` });
      } else if (!usable(i)) {
        skipped.push({ column: wanted[i].name, reason: columns[i].skipped ?? 'no entropy' });
      } else if (columns[i].flags.includes('unique') && columns[i].type === 'discrete') {
        skipped.push({
          column: wanted[i].name,
          reason: 'an identifier (every value once) predicts any target perfectly in sample',
        });
      } else if (explain) {
        source.explainCounts([keys[i], keys[t]], maxGroups);
      } else {
        const j = await joint(i, t);
        ranking.push({
          column: wanted[i].name,
          mutualInformation: j.mutualInformation,
          conditionalEntropy: j.conditionalEntropy,
          rows: j.rows,
        });
      }
    }
    ranking.sort(
      (a, b) => b.mutualInformation.value - a.mutualInformation.value || (a.column < b.column ? -1 : 1),
    );
    result.target = { column: targetName, entropy: columns[t].entropy, ranking, skipped };
  }

  if (pairs) {
    const idx = wanted.map((_, i) => i).filter((i) => !chosen || chosen.includes(wanted[i].name));
    const m = idx.length;
    const mi = Array.from({ length: m }, () => new Array<number>(m).fill(Number.NaN));
    const se = Array.from({ length: m }, () => new Array<number>(m).fill(Number.NaN));
    const dependencies: { from: string; to: string; conditionalEntropy: number; ratio: number }[] = [];
    total += (m * (m - 1)) / 2;
    for (let a = 0; a < m; a++) {
      const ia = idx[a];
      if (usable(ia)) {
        mi[a][a] = columns[ia].entropy?.value ?? Number.NaN;
        se[a][a] = columns[ia].entropy?.stdError ?? Number.NaN;
      }
      for (let b = a + 1; b < m; b++) {
        const ib = idx[b];
        if (!usable(ia) || !usable(ib)) continue;
        if (explain) {
          source.explainCounts([keys[ia], keys[ib]], maxGroups);
          continue;
        }
        const j = await joint(ia, ib);
        mi[a][b] = mi[b][a] = j.mutualInformation.value;
        se[a][b] = se[b][a] = j.mutualInformation.stdError;
        // Both directions from the one table, over the rows where both are present.
        const [ha, hb] = j.entropies;
        for (const [from, to, h, hTo] of [
          [ia, ib, j.conditionalEntropy, hb],
          [ib, ia, j.reverseConditionalEntropy, ha],
        ] as const) {
          if (hTo > 0 && h <= threshold * hTo && !columns[from].flags.includes('unique')) {
            dependencies.push({
              from: wanted[from].name,
              to: wanted[to].name,
              conditionalEntropy: h,
              ratio: h / hTo,
            });
          }
        }
      }
    }
    result.pairs = {
      columns: idx.map((i) => wanted[i].name),
      mutualInformation: mi,
      stdError: se,
      dependencies,
    };
  }
  return result;
}
