/**
 * `surprisal tail --dist normal --threshold 5 --method naive|shift|exponential|ce --samples 1e6 --seed 1`: the
 * seed's rare-event example, with the estimate, standard error, ESS and Pareto k̂ next to the exact answer.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { type Command, Option } from 'commander';
import { checkAllocatable } from '../../core/allocate.js';
import { paretoDiagnostics, SurprisalError } from '../../index.js';
import { type Context, example, outputFlags } from '../common.js';
import { UserError } from '../errors.js';
import { readJsonDocument } from '../input/json.js';
import { openSource } from '../input/source.js';
import { fmt, parseInteger, parseReal, parseSeed, printJson, printText, quantityTable } from '../output.js';
import { spinner } from '../progress.js';
import { DEFAULT_PORTFOLIO, runTail, type TailResult, type TailSpec } from '../tail.js';

interface TailFlags {
  dist: 'normal' | 'portfolio';
  threshold: string;
  method?: TailSpec['method'];
  samples: string;
  seed: string;
  df?: string;
  portfolio?: string;
  rho?: string;
  levelSamples?: string;
  progress?: boolean;
  json?: boolean;
}

/** Samples from which the run happens in a worker thread behind a spinner (when stderr is a terminal). */
const LONG_RUN = 1e6;

async function readPortfolio(file: string): Promise<NonNullable<TailSpec['portfolio']>> {
  const src = await openSource(file, 'json');
  const doc = await readJsonDocument(src);
  file = src.label;
  const p = doc as Partial<NonNullable<TailSpec['portfolio']>>;
  const numbers = (x: unknown) => Array.isArray(x) && x.every((v) => typeof v === 'number');
  const expected = `expected { "weights": [...], "mean": [...], "covariance": [[...], ...], "df"?: number }`;
  if (
    !numbers(p?.weights) ||
    !numbers(p?.mean) ||
    !Array.isArray(p?.covariance) ||
    !p.covariance.every(numbers) ||
    (p.df !== undefined && typeof p.df !== 'number')
  ) {
    throw new UserError(`${file}: ${expected}`);
  }
  const unknown = Object.keys(p).filter((k) => !['weights', 'mean', 'covariance', 'df'].includes(k));
  if (unknown.length > 0) throw new UserError(`${file}: unknown key "${unknown[0]}"; ${expected}`);
  return { weights: p.weights, mean: p.mean, covariance: p.covariance, df: p.df } as NonNullable<
    TailSpec['portfolio']
  >;
}

/** What k̂ says, in one sentence; for +Infinity, why it is infinite (too few hits, or no tail to fit). */
function khatMessage(khat: number, samples: number, hits: number | undefined): string {
  if (khat === Number.NEGATIVE_INFINITY)
    return 'k̂ = -Infinity: every weight is 1 (plain Monte Carlo); the standard error alone says how far to trust it.';
  if (khat === Number.POSITIVE_INFINITY) {
    return hits !== undefined && hits < 10
      ? `k̂ = Infinity: only ${hits} of ${samples} draws reached the event, too few to fit a tail; use more draws or a better proposal.`
      : 'k̂ = Infinity: the weights on the event have no tail that can be fitted (too few distinct weights) or no finite mean.';
  }
  return paretoDiagnostics(khat, samples).message;
}

function inWorker(spec: TailSpec): Promise<TailResult> {
  const spin = spinner(`tail: ${spec.samples} draws (${spec.method})`);
  return new Promise<TailResult>((resolve, reject) => {
    const worker = new Worker(new URL('../tailWorker.js', import.meta.url), { workerData: spec });
    worker.once('message', (m: { ok: boolean; result?: TailResult; error?: Record<string, unknown> }) => {
      if (m.ok) resolve(m.result as TailResult);
      else if (m.error?.surprisal) {
        const e = m.error as {
          code: SurprisalError['code'];
          message: string;
          argument?: string;
          index?: number;
        };
        reject(new SurprisalError(e.code, e.message, { argument: e.argument, index: e.index }));
      } else {
        const e = new Error(String(m.error?.message));
        e.stack = String(m.error?.stack ?? e.stack);
        reject(e);
      }
    });
    worker.once('error', reject);
  }).finally(() => spin.stop());
}

async function tail(_ctx: Context, flags: TailFlags) {
  const dist = flags.dist;
  const method = flags.method ?? (dist === 'normal' ? 'exponential' : 'shift');
  if (dist === 'portfolio' && method === 'exponential') {
    throw new UserError('--method exponential is for --dist normal; the portfolio takes naive, shift or ce');
  }
  // Refused before any work (and before a worker thread starts): the sampler holds two arrays of S doubles.
  const samples = checkAllocatable(
    parseInteger(flags.samples, '--samples', method === 'ce' ? 10 : 2),
    'tail',
    '--samples',
  );
  const threshold = parseReal(flags.threshold, '--threshold');
  const seed = parseSeed(flags.seed) ?? 0;
  const spec: TailSpec = { dist, method, threshold, samples, seed };
  if (method !== 'ce' && (flags.rho !== undefined || flags.levelSamples !== undefined)) {
    throw new UserError(`--rho and --level-samples apply to --method ce; this run uses --method ${method}`);
  }
  if (flags.rho !== undefined) spec.rho = parseReal(flags.rho, '--rho');
  if (flags.levelSamples !== undefined)
    spec.levelSamples = parseInteger(flags.levelSamples, '--level-samples', 10);
  if (dist === 'portfolio') {
    spec.portfolio = flags.portfolio ? await readPortfolio(flags.portfolio) : { ...DEFAULT_PORTFOLIO };
    if (flags.df !== undefined) spec.portfolio.df = parseReal(flags.df, '--df');
  } else if (flags.df !== undefined || flags.portfolio !== undefined) {
    throw new UserError('--df and --portfolio apply to --dist portfolio');
  }
  const progress = flags.progress ?? process.stderr.isTTY === true;
  const r = samples >= LONG_RUN && progress ? await inWorker(spec) : runTail(spec);

  const d = paretoDiagnostics(r.khat, samples);
  const message = khatMessage(r.khat, samples, r.hits);
  const event =
    dist === 'normal'
      ? `P(Z > ${fmt(threshold)}), Z ~ N(0, 1)`
      : `P(L > ${fmt(threshold)}σ = ${fmt(r.lossThreshold as number)}), L the loss of a ${spec.portfolio?.weights.length}-asset ${spec.portfolio?.df ? `Student-t (ν = ${fmt(spec.portfolio.df)})` : 'Gaussian'} portfolio, σ = ${fmt(r.sigma as number)}`;
  if (flags.json) {
    printJson({
      command: 'tail',
      dist,
      method,
      threshold,
      samples,
      seed,
      value: r.value,
      stdError: r.stdError,
      relativeError: r.relativeError,
      exact: r.exact,
      ess: r.ess,
      khat: r.khat,
      hits: r.hits ?? null,
      levels: r.levels ?? null,
      ...(dist === 'portfolio'
        ? { lossThreshold: r.lossThreshold, sigma: r.sigma, df: spec.portfolio?.df ?? null }
        : {}),
      diagnosis: { category: d.category, threshold: d.threshold, message },
    });
    return;
  }
  const rows = [
    { name: 'estimate', value: fmt(r.value), error: fmt(r.stdError), unit: 'probability' },
    { name: 'exact', value: fmt(r.exact), unit: 'probability' },
    { name: 'relative error', value: fmt(r.relativeError) },
    { name: 'error / exact', value: fmt(r.value / r.exact - 1) },
    { name: 'ESS', value: fmt(r.ess), unit: 'draws' },
    { name: 'k̂', value: fmt(r.khat) },
  ];
  if (r.hits !== undefined) rows.push({ name: 'hits', value: String(r.hits), unit: 'draws' });
  if (r.levels) rows.push({ name: 'CE levels', value: r.levels.map((x) => fmt(x, 4)).join(', ') });
  printText(`${event}: method ${method}, ${samples} draws, seed ${seed}\n${quantityTable(rows)}\n${message}`);
}

/** Registers `tail`. */
export function registerTail(
  program: Command,
  run: (f: (ctx: Context) => Promise<void>) => Promise<void>,
): void {
  const cmd = program
    .command('tail')
    .description(
      'rare-event probabilities by importance sampling: the estimate, its error, ESS and k̂ vs the exact value',
    )
    .addOption(
      new Option('--dist <dist>', 'normal: P(Z > a); portfolio: P(loss > a·σ)')
        .choices(['normal', 'portfolio'])
        .default('normal'),
    )
    .option('--threshold <a>', 'the threshold a (in standard deviations)', '5')
    .addOption(
      new Option(
        '--method <method>',
        'naive, shift, exponential (normal only) or ce (cross-entropy method); default exponential for normal, shift for portfolio',
      ).choices(['naive', 'shift', 'exponential', 'ce']),
    )
    .option('--samples <S>', 'draws (1e6 is fine)', '1e5')
    .option('--seed <seed>', 'seed of the draws', '0')
    .option('--df <nu>', 'portfolio: Student-t returns with nu degrees of freedom (default Gaussian)')
    .option(
      '--portfolio <file>',
      "portfolio: JSON { weights, mean, covariance, df? } (default: the seed's 3 assets)",
    )
    .option('--rho <rho>', 'ce: elite fraction per level (default 0.1)')
    .option('--level-samples <N>', 'ce: draws per level (default 1000)')
    .option('--progress', `show a spinner from ${LONG_RUN} samples on even when stderr is not a terminal`)
    .option('--no-progress', 'never show the spinner');
  outputFlags(cmd);
  example(
    cmd,
    `
  $ surprisal tail --dist normal --threshold 5 --method shift --samples 1e5 --seed 1
  P(Z > 5), Z ~ N(0, 1): method shift, 100000 draws, seed 1
  quantity             value      ± s.e.  unit
  estimate        2.89272e-7  2.17443e-9  probability
  exact           2.86652e-7              probability
  relative error  0.00751691
  error / exact   0.00913988
  ESS                12.1865              draws
  k̂                 -1.00417
  hits                 50055              draws
  k̂ = -1.00 ≤ 0.700: the estimate is reliable with S = 100000.

From 1e6 samples on, a spinner with the elapsed time shows on stderr (when it is a terminal) while the
sampler runs; the numbers are those of the same run without it.
--json keys: command, dist, method, threshold, samples, seed, value, stdError, relativeError, exact, ess,
khat, hits, levels, diagnosis {category, threshold, message}; lossThreshold, sigma, df for the portfolio.
Infinity and NaN are written as the strings "Infinity", "-Infinity" and "NaN".`,
  );
  cmd.action((flags: TailFlags) => run((ctx) => tail(ctx, flags)));
}
