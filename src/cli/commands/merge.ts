/**
 * `surprisal merge STATE.json...`: combines the states of sharded `compare-logits` / `loss` runs (`--shard
 * i/n --state FILE`) into the report one run over all positions prints.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CrossEntropyStats, LogitComparisonStats, PredictiveEntropyStats } from '../../index.js';
import { type Context, example, outputFlags, unitFlags } from '../common.js';
import { describeFileError, UserError } from '../errors.js';
import { unitOf } from '../output.js';
import { printComparison } from './logitsReport.js';
import { printLossStats, type StateFile } from './logitsStream.js';

interface MergeFlags {
  base?: string;
  bits?: boolean;
  json?: boolean;
}

function readState(path: string): StateFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw describeFileError(err, path) ?? err;
  }
  let s: StateFile;
  try {
    s = JSON.parse(text);
  } catch {
    throw new UserError(`${path}: not JSON (a state written by --state)`);
  }
  if (typeof s !== 'object' || s === null || s.type !== 'surprisal-state' || s.version !== 1) {
    throw new UserError(`${path}: not a surprisal state file (written by compare-logits / loss --state)`);
  }
  const sh = s.shard;
  if (
    (s.command !== 'compare-logits' && s.command !== 'loss') ||
    typeof sh !== 'object' ||
    sh === null ||
    ![sh.start, sh.end, s.rows, s.vocabulary].every((x) => Number.isSafeInteger(x) && x >= 0) ||
    !Array.isArray(s.files)
  ) {
    throw new UserError(`${path}: malformed surprisal state file`);
  }
  return s;
}

/** Library errors of a state's contents name the file. */
function fromState<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw new UserError(`${path}: ${(err as Error).message.replace(/^[A-Za-z.]+: /, '')}`);
  }
}

async function merge(_ctx: Context, paths: string[], flags: MergeFlags): Promise<void> {
  const unit = unitOf(flags);
  const states = paths.map((p) => ({ path: p, s: readState(p) }));
  const first = states[0].s;
  for (const { path, s } of states.slice(1)) {
    if (s.command !== first.command || s.rows !== first.rows || s.vocabulary !== first.vocabulary) {
      throw new UserError(
        `${path}: a ${s.command} state of ${s.rows} positions (vocabulary ${s.vocabulary}) cannot merge with ${paths[0]}'s ${first.command} of ${first.rows} (vocabulary ${first.vocabulary})`,
      );
    }
  }
  // Shards must not overlap: the same positions counted twice would be a silent wrong number.
  const ranges = states
    .map(({ path, s }) => ({ path, start: s.shard.start, end: s.shard.end }))
    .sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i].start < ranges[i - 1].end) {
      throw new UserError(
        `${ranges[i].path}: positions [${ranges[i].start}, ${ranges[i].end}) overlap ${ranges[i - 1].path}'s [${ranges[i - 1].start}, ${ranges[i - 1].end})`,
      );
    }
  }
  const covered = ranges.reduce((t, r) => t + r.end - r.start, 0);
  const extra = covered === first.rows ? {} : { coveredPositions: covered, totalPositions: first.rows };
  if (covered !== first.rows) {
    process.stderr.write(`note: the states cover ${covered} of ${first.rows} positions\n`);
  }
  if (first.command === 'compare-logits') {
    const acc = states
      .map(({ path, s }) => fromState(path, () => LogitComparisonStats.fromJSON(s.comparison as never)))
      .reduce((a, b) => a.merge(b));
    if (acc.positions === 0) throw new UserError('the states hold no positions');
    const [base, other, targets] = first.files;
    printComparison(acc.result(), { base, other, targets }, first.vocabulary, unit, flags.json, extra);
    return;
  }
  const ce = states
    .map(({ path, s }) => fromState(path, () => CrossEntropyStats.fromJSON(s.crossEntropy as never)))
    .reduce((a, b) => a.merge(b));
  const h = states
    .map(({ path, s }) => fromState(path, () => PredictiveEntropyStats.fromJSON(s.entropy as never)))
    .reduce((a, b) => a.merge(b));
  printLossStats(ce, h, first.files, first.vocabulary, unit, flags.json, extra);
}

/** Registers `merge`. */
export function registerMerge(
  program: Command,
  run: (f: (ctx: Context) => Promise<void>) => Promise<void>,
): void {
  const m = program
    .command('merge')
    .description('combine the --state files of sharded compare-logits / loss runs into one report')
    .argument('<states...>', 'state files written by compare-logits / loss --shard i/n --state FILE');
  unitFlags(m);
  outputFlags(m);
  example(
    m,
    `
    surprisal compare-logits base.kld q4.npy --shard 1/2 --state s1.json
    surprisal compare-logits base.kld q4.npy --shard 2/2 --state s2.json
    surprisal merge s1.json s2.json --json

prints what one compare-logits run over all positions prints: the sums are exact to float64 rounding
however the positions were split, the percentiles exact up to 65536 positions and within the bounds in
rankError beyond. Overlapping shards are an error; missing ones a note on stderr (and coveredPositions in
--json).`,
  );
  m.action((paths: string[], flags: MergeFlags) => run((ctx) => merge(ctx, paths, flags)));
}
