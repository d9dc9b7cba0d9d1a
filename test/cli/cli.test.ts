/**
 * The `surprisal` command, spawned as users run it (node dist/cli/main.js; `npm test` builds first). Key
 * numbers are compared with the library called directly — `--json` prints them in full — rather than
 * with whole-text snapshots; the human tables are checked for units and aligned columns, and the worked
 * example of every `--help` is run and its printed output compared.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report, UserError } from '../../src/cli/errors.js';
import {
  compareLogits,
  crossEntropy,
  crossEntropyLoss,
  crossEntropyMethod,
  entropy,
  estimateDifferentialEntropy,
  estimateEntropy,
  estimateKlDivergence,
  estimateMutualInformation,
  gaussianTail,
  jsDivergence,
  klDivergence,
  mutualInformation,
  Normal,
  perplexity,
  portfolioLossTail,
  psis,
  SurprisalError,
  softmaxEntropy,
} from '../../src/index.js';
import { LOG_RATIOS, LOGITS, OTHER, type Run, shell, surprisal, TARGETS, writeFixtures } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = writeFixtures();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the command in the fixtures' folder. */
function run(args: string[], input?: string | Buffer): Run {
  return surprisal(args, { cwd: dir, input });
}

/** Runs with --json, expects success and exactly one JSON document on stdout. */
function json(args: string[], input?: string): Record<string, unknown> {
  const r = run([...args, '--json'], input);
  // Warnings and notes (ties, undersampling, a column's type) may come on stderr; nothing else.
  expect(
    r.stderr.split('\n').filter((l) => l !== '' && !/^(warning|note): /.test(l)),
    r.stderr,
  ).toEqual([]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** Expects a user error: exit 1, one line on stderr starting 'error: ', nothing on stdout, no stack trace. */
function userError(args: string[], input?: string | Buffer): string {
  const r = run(args, input);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).not.toMatch(/\bat .*\.js:\d+/);
  return lines[0];
}

/**
 * Checks a table of `quantity value [± s.e.] unit` lines: the header names the columns, every value ends at
 * the header's 'value' column (right-aligned) and every unit starts at its 'unit' column.
 */
function expectAligned(table: string[], units: string[]): void {
  const head = table[0];
  expect(head).toMatch(/^quantity\s+value/);
  const valueEnd = head.indexOf('value') + 'value'.length;
  const unitAt = head.indexOf('unit');
  // Widths are counted in code points without combining marks, as the table does (k̂).
  const cols = (s: string) => [...s.replace(/\p{M}/gu, '')];
  for (const line of table.slice(1)) {
    const c = cols(line);
    expect(c[valueEnd - 1], line).toMatch(/\S/);
    expect(c[valueEnd] ?? ' ', line).toBe(' ');
    const unit = c.slice(unitAt).join('');
    if (unit !== '') {
      expect(c[unitAt - 1], line).toBe(' ');
      expect(units, line).toContain(unit);
    }
  }
}

/** The number printed in the row starting with `name` (its first numeric cell after the name). */
function printed(table: string, name: string): number {
  const line = table.split('\n').find((l) => l.startsWith(`${name} `));
  expect(line, `row ${name} in\n${table}`).toBeDefined();
  return Number((line as string).slice(name.length).trim().split(/\s+/)[0]);
}

const sixDigits = (x: number) => Number(x.toPrecision(6));

/** How --json writes a number: Infinity and NaN as strings. */
const inJson = (x: number) => (Number.isFinite(x) ? x : String(x));

describe('surprisal --version and --help', () => {
  it('--version prints the version of package.json', () => {
    const r = run(['--version']);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('--help lists every command', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['measure', 'estimate', 'loss', 'compare-logits', 'tail', 'psis', 'loo'])
      expect(r.stdout).toContain(c);
  });

  for (const command of ['measure', 'estimate', 'loss', 'compare-logits', 'tail', 'psis', 'loo', 'profile']) {
    it(`${command} --help has a worked example whose output is what the command prints`, () => {
      const r = run([command, '--help']);
      expect(r.code).toBe(0);
      const text = r.stdout.split('\nExample:\n')[1];
      expect(text, r.stdout).toBeDefined();
      // "  $ command" lines, each followed by its expected output (indented) up to a blank line.
      const blocks = text.split(/\n(?= {2}\$ )/).filter((b) => b.startsWith('  $ '));
      expect(blocks.length).toBeGreaterThan(0);
      for (const block of blocks) {
        const lines = block.split('\n');
        const expected: string[] = [];
        for (const l of lines.slice(1)) {
          if (!l.startsWith('  ')) break;
          expected.push(l.slice(2));
        }
        const got = shell(lines[0].slice(4), dir);
        expect(got.stderr, lines[0]).toBe('');
        expect(got.code).toBe(0);
        expect(got.stdout.trimEnd(), lines[0]).toBe(expected.join('\n').trimEnd());
      }
    });
  }
});

describe('surprisal measure', () => {
  it('entropy: bits, an aligned table with units; --json equals entropy(p)', () => {
    const r = run(['measure', 'entropy', 'p.csv', '--bits']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expectAligned(lines, ['bits']);
    expect(lines[1]).toMatch(/^H\(p\)\s+1\.5\s+bits$/);
    const doc = json(['measure', 'entropy', 'p.csv', '--bits']);
    expect(doc).toEqual({
      command: 'measure',
      measure: 'entropy',
      files: ['p.csv'],
      unit: 'bits',
      value: entropy([0.5, 0.25, 0.25], { base: 2 }),
      outcomes: 3,
      perplexity: 2 ** 1.5,
    });
  });

  it('--threads: a long vector gives the same value on 1 and 2 threads (the kernels), as entropy(p)', () => {
    const n = 270000; // past 2 × 2¹⁷ probabilities: the kernels, on two threads
    const w = Array.from({ length: n }, (_, i) => 1 + (i % 7));
    const total = w.reduce((a, b) => a + b, 0);
    const p = Float64Array.from(w, (v) => v / total);
    const text = `${Array.from(p, String).join('\n')}\n`;
    const one = json(['measure', 'entropy', '-'], text).value;
    expect(json(['measure', 'entropy', '-', '--threads', '2'], text).value).toBe(one);
    expect(one).toBe(entropy(p));
    const q = `${Array.from(p, (v, i) => `${v},${p[(i + 1) % n]}`).join('\n')}\n`;
    const kl = json(['measure', 'kl', '-', '--format', 'csv'], q).value;
    expect(json(['measure', 'kl', '-', '--format', 'csv', '--threads', '2'], q).value).toBe(kl);
    expect(kl).toBe(
      klDivergence(
        p,
        p.map((_, i) => p[(i + 1) % n]),
      ),
    );
  });

  it('entropy reads JSON, .npy, a row of counts (--normalize), logits (--from) and stdin', () => {
    const h = entropy([0.5, 0.25, 0.25]);
    expect(json(['measure', 'entropy', 'p.json']).value).toBe(h);
    expect(json(['measure', 'entropy', 'p.npy']).value).toBe(h);
    expect(json(['measure', 'entropy', '-'], '0.5\n0.25\n0.25\n').value).toBe(h);
    expect(json(['measure', 'entropy', '-', '--format', 'json'], '[0.5,0.25,0.25]').value).toBe(h);
    expect(json(['measure', 'entropy', 'counts.csv', '--normalize']).value).toBe(
      entropy([3, 1, 0, 4], { normalize: true }),
    );
    expect(json(['measure', 'entropy', '-', '--from', 'logits', '--base', '10'], '2,0,-1\n').value).toBe(
      entropy([2, 0, -1], { from: 'logits', base: 10 }),
    );
  });

  it('cross-entropy, kl and js take two files, or one file with two columns', () => {
    const p = [0.5, 0.25, 0.25];
    const q = [0.25, 0.25, 0.5];
    expect(json(['measure', 'cross-entropy', 'p.csv', 'q.csv']).value).toBe(crossEntropy(p, q));
    expect(json(['measure', 'kl', 'p.csv', 'q.csv', '--bits']).value).toBe(klDivergence(p, q, { base: 2 }));
    expect(json(['measure', 'js', 'pq.tsv']).value).toBe(jsDivergence(p, q));
    expect(json(['measure', 'kl', 'pq.tsv', '--column', 'q', '--column2', 'p']).value).toBe(
      klDivergence(q, p),
    );
    const r = run(['measure', 'kl', 'p.csv', 'q.csv']);
    expectAligned(r.stdout.trimEnd().split('\n'), ['nats']);
    expect(printed(r.stdout, 'D(p‖q)')).toBe(sixDigits(klDivergence(p, q)));
  });

  it('mi reads a joint table with a header row and row labels', () => {
    const doc = json(['measure', 'mi', 'joint.csv', '--bits']);
    expect(doc.value).toBe(
      mutualInformation(
        [
          [0.1, 0.2, 0.1],
          [0.3, 0.1, 0.2],
        ],
        { base: 2 },
      ),
    );
    expect(doc.shape).toEqual([2, 3]);
  });

  it('a negative probability names the file and the row', () => {
    expect(userError(['measure', 'entropy', 'negative.csv'])).toBe(
      'error: negative.csv: row 4: -0.1 is negative; probabilities must be >= 0',
    );
  });

  it('probabilities that do not sum to 1 suggest --normalize', () => {
    expect(userError(['measure', 'entropy', 'counts.csv'])).toMatch(/counts\.csv: p sums to 8.*--normalize/);
  });
});

describe('surprisal estimate', () => {
  const colours = [
    'red',
    'blue',
    'red',
    'green',
    'red',
    'blue',
    'green',
    'red',
    'blue',
    'green',
    'red',
    'blue',
  ];
  const x = [0.12, 1.7, -0.4, 2.2, 0.9, 1.1, -1.3, 0.35, 0.05, 1.45, -0.75, 0.6];
  const y = [1.5, 2.25, 0.1, 3.3, 1.2, 2.05, -0.4, 0.9, 0.3, 1.6, -0.2, 0.45];

  it('entropy of a categorical column: value ± s.e. with units; --json equals estimateEntropy', () => {
    for (const method of ['plugin', 'miller-madow', 'nsb', 'chao-shen'] as const) {
      const want = estimateEntropy({ samples: colours }, { method, base: 'bits' });
      const doc = json([
        'estimate',
        'entropy',
        'data.csv',
        '--column',
        'colour',
        '--method',
        method,
        '--bits',
      ]);
      expect(doc.value).toBe(want.value);
      expect(doc.stdError).toBe(want.stdError);
      expect(doc.stdErrorMethod).toBe(want.stdErrorMethod);
      expect(doc.n).toBe(12);
      expect(doc.alphabetSize).toBe(3);
    }
    const r = run(['estimate', 'entropy', 'data.csv', '--column', 'colour', '--method', 'miller-madow']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe("entropy of column 'colour' of data.csv");
    const table = lines.slice(2);
    expect(table[0]).toMatch(/^quantity\s+value\s+± s\.e\.\s+unit$/);
    expectAligned(table, ['nats']);
    const want = estimateEntropy({ samples: colours }, { method: 'miller-madow' });
    expect(printed(r.stdout, 'H(colour)')).toBe(sixDigits(want.value));
    expect(r.stdout).toContain(String(sixDigits(want.stdError)));
  });

  it('entropy --continuous: differential entropy of a numeric column', () => {
    const doc = json(['estimate', 'entropy', 'data.csv', '--column', 'x', '--continuous', '--method', 'knn']);
    const want = estimateDifferentialEntropy(x, { method: 'knn' });
    expect(doc.value).toBe(want.value);
    expect(doc.stdError).toBe(want.stdError);
    expect(doc.k).toBe(3);
    expect(doc.continuous).toBe(true);
  });

  it('mi: ksg on two numeric columns, plugin on categories, with the seed', () => {
    const doc = json(['estimate', 'mi', 'data.csv', '--column', 'x', '--column2', 'y', '--seed', '7']);
    const want = estimateMutualInformation(x, y, { seed: 7 });
    expect(doc.method).toBe('ksg');
    expect(doc.value).toBe(want.value);
    expect(doc.stdError).toBe(want.stdError);
    const d = json([
      'estimate',
      'mi',
      'data.csv',
      '--column',
      'colour',
      '--column2',
      'colour',
      '--method',
      'plugin',
    ]);
    expect(d.value).toBe(estimateMutualInformation(colours, colours, { method: 'plugin' }).value);
  });

  it('kl: two columns (kNN) and two files', () => {
    const doc = json(['estimate', 'kl', 'data.csv', '--column', 'x', '--column2', 'y', '--k', '2']);
    const want = estimateKlDivergence(x, y, { k: 2 });
    expect(doc.value).toBe(want.value);
    expect(doc.stdError).toBe(want.stdError);
    expect(json(['estimate', 'kl', 'p.csv', 'q.csv', '--k', '1', '--resamples', '0']).value).toBe(
      estimateKlDivergence([0.5, 0.25, 0.25], [0.25, 0.25, 0.5], { k: 1, resamples: 0 }).value,
    );
  });

  it('--resamples and --ci map to the resamples and confidence options', () => {
    const args = ['estimate', 'entropy', 'data.csv', '--column', 'colour', '--method', 'miller-madow'];
    const doc = json([...args, '--resamples', '30', '--seed', '2', '--ci', '0.8']);
    const want = estimateEntropy(
      { samples: colours },
      { method: 'miller-madow', resamples: 30, seed: 2, confidence: 0.8 },
    );
    expect(doc.stdErrorMethod).toBe('bootstrap');
    expect([doc.value, doc.stdError, doc.ci]).toEqual([want.value, want.stdError, want.ci]);
    expect(json([...args, '--resamples', '0']).stdErrorMethod).toBe('delta');
  });

  it('--json has the documented keys', () => {
    const doc = json(['estimate', 'entropy', 'data.csv', '--column', 'colour', '--ci', '0.9']);
    expect(Object.keys(doc).sort()).toEqual(
      [
        'alphabetSize',
        'ci',
        'columns',
        'command',
        'continuous',
        'files',
        'measure',
        'method',
        'n',
        'stdError',
        'stdErrorMethod',
        'types',
        'unit',
        'value',
        'warnings',
      ].sort(),
    );
  });

  it('a NaN in a column names the file, the row and the column', () => {
    expect(userError(['estimate', 'entropy', 'nan.csv', '--column', 'x'])).toBe(
      "error: nan.csv: column 'x' has 1 missing value (NaN), at row 4; remove or fill them in, or pass --drop-missing",
    );
    expect(userError(['estimate', 'entropy', 'blank.csv', '--column', 'x', '--continuous'])).toBe(
      "error: blank.csv: column 'x' has 1 missing value (empty), at row 3; remove or fill them in, or pass --drop-missing",
    );
    expect(userError(['psis', 'nan.csv', '--column', 'x'])).toMatch(/nan\.csv: row 4, column 'x': NaN/);
  });

  it('streams a large file: the counts of 200 000 rows, and the line of a NaN far down', () => {
    const n = 200000;
    const rows = Array.from(
      { length: n },
      (_, i) => `${i},${['a', 'b', 'c', 'd'][(i % 7) % 4]},${Math.sin(i)}`,
    );
    // A blank line and a quoted field holding a line break: rows are still named by their line in the file.
    const text = `id,label,v\n"multi\nline",a,0.5\n\n${rows.join('\n')}\n`;
    const labels = ['a', ...rows.map((r) => r.split(',')[1])];
    const doc = json(['estimate', 'entropy', '-', '--column', 'label'], text);
    expect(doc.n).toBe(n + 1);
    expect(doc.value).toBe(estimateEntropy({ samples: labels }).value);
    const bad = text.replace(/\n150001,(\w),[^\n]*/, '\n150001,$1,NaN');
    // Line 1 header, 2–3 the quoted field, 4 blank, then row i on line i + 5.
    expect(userError(['estimate', 'entropy', '-', '--column', 'v', '--continuous'], bad)).toBe(
      "error: <stdin>: column 'v' has 1 missing value (NaN), at row 150006; remove or fill them in, or pass --drop-missing",
    );
  });

  it('an unknown column lists the columns there are', () => {
    expect(userError(['estimate', 'entropy', 'data.csv', '--column', 'z'])).toBe(
      "error: data.csv: no column 'z' (columns: 'colour', 'x', 'y')",
    );
  });

  it('an unknown method is a user error', () => {
    expect(userError(['estimate', 'entropy', 'data.csv', '--column', 'colour', '--method', 'magic'])).toMatch(
      /^error: method must be one of '?plugin'?, /,
    );
  });
});

describe('surprisal loss and compare-logits', () => {
  const logits = { data: LOGITS, shape: [4, 3] };
  const other = { data: OTHER, shape: [4, 3] };

  it('loss: cross entropy, perplexity and bits per token equal the library', () => {
    const doc = json(['loss', 'logits.npy', 'targets.npy', '--label-smoothing', '0.1']);
    const nll = crossEntropyLoss(logits, TARGETS).loss;
    expect(doc).toEqual({
      command: 'loss',
      files: ['logits.npy', 'targets.npy'],
      positions: 4,
      ignored: 0,
      classes: 3,
      unit: 'nats',
      crossEntropy: nll,
      labelSmoothing: 0.1,
      loss: crossEntropyLoss(logits, TARGETS, { labelSmoothing: 0.1 }).loss,
      meanEntropy: softmaxEntropy(logits).reduce((a, b) => a + b, 0) / 4,
      perplexity: perplexity({ nll }),
      bitsPerToken: nll / Math.LN2,
    });
    // int32 targets, float64 logits in an .npy of format 2.0
    expect(json(['loss', 'logits64.npy', 'targets32.npy']).crossEntropy).toBe(
      crossEntropyLoss({ data: Float64Array.from(LOGITS), shape: [4, 3] }, TARGETS).loss,
    );
    // --threads gives the same numbers (4 positions: one thread is used whatever the count).
    expect(json(['loss', 'logits.npy', 'targets.npy', '--threads', '2']).crossEntropy).toBe(nll);
    expect(userError(['loss', 'logits.npy', 'targets.npy', '--threads', '0'])).toBe(
      "error: --threads must be an integer >= 1; got '0'",
    );
    const r = run(['loss', 'logits.npy', 'targets.npy', '--bits']);
    expectAligned(r.stdout.trimEnd().split('\n'), ['bits/token', 'tokens']);
    expect(printed(r.stdout, 'cross entropy (mean NLL)')).toBe(sixDigits(nll / Math.LN2));
  });

  it('compare-logits: the KL summary, same-top rate and, with targets, the perplexity ratio', () => {
    const want = compareLogits(logits, other, { targets: TARGETS });
    const doc = json(['compare-logits', 'logits.npy', 'other.npy', '--targets', 'targets.npy']);
    expect(Object.keys(doc).sort()).toEqual(
      ['command', 'deltaP', 'files', 'kl', 'perplexity', 'positions', 'sameTop', 'unit', 'vocabulary'].sort(),
    );
    const kl = doc.kl as Record<string, unknown>;
    expect(kl.mean).toBe(want.klSummary.mean);
    expect(kl.stdError).toBe(want.klSummary.stdError);
    expect((kl.percentiles as Record<string, number>)['99.9']).toBe(want.klSummary.percentiles['99.9']);
    expect(doc.sameTop).toEqual(want.sameTop);
    const ppl = doc.perplexity as Record<string, unknown>;
    expect(ppl.ratio).toBe(want.targets?.perplexityRatio);
    expect(ppl.lnRatio).toEqual(want.targets?.lnRatio);
    expect((doc.deltaP as Record<string, unknown>).rms).toEqual(want.targets?.rmsDeltaP);
    const bits = json(['compare-logits', 'logits.npy', 'other.npy', '--bits']);
    expect((bits.kl as Record<string, number>).mean).toBeCloseTo(want.klSummary.mean / Math.LN2, 15);

    const r = run(['compare-logits', 'logits.npy', 'other.npy', '--targets', 'targets.npy']);
    expect(r.code).toBe(0);
    for (const s of ['Perplexity statistics', 'KL divergence statistics', 'Token probability statistics']) {
      expect(r.stdout).toContain(`====== ${s} ======`);
    }
    const mean = r.stdout.split('\n').find((l) => l.startsWith('Mean    KLD')) as string;
    expect(mean).toMatch(/ nats$/);
    expect(Number(mean.split(/\s+/)[2])).toBe(sixDigits(want.klSummary.mean));
    // Values end in one column: the rows of the KL section are right-aligned.
    const kld = r.stdout.split('\n').filter((l) => / KLD /.test(l));
    const ends = kld.map((l) => l.replace(/\s+(± \S+\s+)?nats$/, '').length);
    expect(new Set(ends).size).toBe(1);
  });

  it('mismatched logits files: one line naming both files', () => {
    expect(userError(['compare-logits', 'logits.npy', 'wide.npy'])).toBe(
      "error: wide.npy: shape (4, 5) does not match logits.npy's (4, 3); both must be (positions, vocabulary) for the same tokens",
    );
    expect(userError(['loss', 'logits.npy', 'targets3.npy'])).toBe(
      'error: targets3.npy: 3 targets for 4 positions of logits.npy (shape (4, 3))',
    );
  });

  it('bad .npy files: big-endian, Fortran order, truncated, NaN, not an .npy at all', () => {
    expect(userError(['loss', 'bigendian.npy', 'targets.npy'])).toMatch(
      /bigendian\.npy: dtype '>f4' is not supported/,
    );
    expect(userError(['loss', 'fortran.npy', 'targets.npy'])).toMatch(/fortran\.npy: Fortran-order arrays/);
    expect(userError(['loss', 'truncated.npy', 'targets.npy'])).toMatch(
      /truncated\.npy: truncated \.npy data/,
    );
    expect(userError(['compare-logits', 'nan.npy', 'nan.npy'])).toBe('error: nan.npy: [1, 1]: NaN logit');
    expect(userError(['loss', 'p.csv', 'targets.npy'])).toBe('error: p.csv: expected an .npy file; got csv');
  });

  it('a target outside the vocabulary names the file and the index', () => {
    const r = run(['loss', 'logits.npy', '-'], '0\n1\n7\n2\n');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^error: <stdin>: row 3: 7 is not a class index in \[0, 3\)/);
  });
});

describe('surprisal tail', () => {
  it('naive, shift, exponential: the numbers of gaussianTail with the same seed', () => {
    for (const method of ['naive', 'shift', 'exponential'] as const) {
      const want = gaussianTail({ threshold: 4, method, samples: 20000, seed: 3 });
      const doc = json(['tail', '--threshold', '4', '--method', method, '--samples', '2e4', '--seed', '3']);
      expect(doc.value).toBe(want.value);
      expect(doc.stdError).toBe(want.stdError);
      expect(doc.ess).toBe(want.ess);
      expect(doc.khat).toBe(inJson(want.khat)); // naive sampling: -Infinity
      expect(doc.exact).toBe(want.exact);
      expect(doc.hits).toBe(want.hits);
    }
  });

  it('--json has the documented keys', () => {
    const doc = json(['tail', '--samples', '1000']);
    expect(Object.keys(doc).sort()).toEqual(
      [
        'command',
        'diagnosis',
        'dist',
        'ess',
        'value',
        'exact',
        'hits',
        'khat',
        'levels',
        'method',
        'relativeError',
        'samples',
        'seed',
        'stdError',
        'threshold',
      ].sort(),
    );
    expect(Object.keys(doc.diagnosis as object).sort()).toEqual(['category', 'message', 'threshold']);
  });

  it('ce: the cross-entropy method, its levels, and the exact value', () => {
    const want = crossEntropyMethod({
      nominal: [new Normal(0, 1)],
      score: (v) => v[0],
      threshold: 5,
      finalSamples: 10000,
      seed: 1,
      fitScale: false,
    });
    const doc = json(['tail', '--method', 'ce', '--samples', '1e4', '--seed', '1']);
    expect(doc.value).toBe(want.value);
    expect(doc.levels).toEqual(want.levels);
    const r = run(['tail', '--method', 'ce', '--samples', '1e4', '--seed', '1']);
    const table = r.stdout.trimEnd().split('\n').slice(1, -1);
    expectAligned(table, ['probability', 'draws']);
    expect(printed(r.stdout, 'exact')).toBe(sixDigits(2.866515718791939e-7));
  });

  it('--dist portfolio: portfolioLossTail on the seed portfolio, threshold in standard deviations', () => {
    const cov = [
      [0.04, 0.01, 0],
      [0.01, 0.09, 0.02],
      [0, 0.02, 0.16],
    ];
    const w = [0.5, 0.3, 0.2];
    let v = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) v += w[i] * w[j] * cov[i][j];
    const want = portfolioLossTail({
      weights: w,
      mean: [0, 0, 0],
      covariance: cov,
      df: 4,
      threshold: 4 * Math.sqrt(v),
      method: 'shift',
      samples: 5000,
      seed: 2,
    });
    const doc = json([
      'tail',
      '--dist',
      'portfolio',
      '--df',
      '4',
      '--threshold',
      '4',
      '--samples',
      '5000',
      '--seed',
      '2',
    ]);
    expect(doc.value).toBe(want.value);
    expect(doc.exact).toBe(want.exact);
    expect(doc.khat).toBe(want.khat);
    expect(doc.lossThreshold as number).toBeCloseTo(4 * Math.sqrt(v), 14);
    expect(doc.sigma as number).toBeCloseTo(Math.sqrt(v), 14);
  });

  it('--progress shows a spinner on stderr from 1e6 samples, and changes no number', () => {
    const args = ['tail', '--method', 'shift', '--samples', '1e6', '--seed', '1', '--json'];
    const plain = run(args);
    const shown = run([...args, '--progress']);
    expect(plain.stderr).toBe('');
    expect(shown.stderr).toContain('tail: 1000000 draws (shift)');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(plain.stdout);
    // Two runs of 1e6 draws: past vitest's 5 s on a loaded machine.
  }, 120_000);

  it('bad flags are one-line user errors', () => {
    expect(userError(['tail', '--samples', 'many'])).toBe(
      "error: --samples must be an integer >= 2; got 'many'",
    );
    expect(userError(['tail', '--method', 'magic'])).toMatch(
      /^error: option '--method <method>' argument 'magic' is invalid/,
    );
    expect(userError(['tail', '--dist', 'portfolio', '--method', 'exponential'])).toMatch(
      /--method exponential/,
    );
  });
});

describe('surprisal psis', () => {
  it('k̂, ESS and tail length of psis(); --output writes the smoothed log weights', () => {
    const want = psis(LOG_RATIOS);
    const doc = json(['psis', 'logratios.csv', '--output', 'weights.csv']);
    expect(doc.khat).toBe(want.khat);
    expect(doc.ess).toBe(want.ess);
    expect(doc.tailLength).toBe(want.tailLength);
    expect(doc.samples).toBe(1000);
    expect(Object.keys(doc).sort()).toEqual(
      [
        'columns',
        'command',
        'diagnosis',
        'ess',
        'files',
        'khat',
        'output',
        'rEff',
        'samples',
        'tailLength',
      ].sort(),
    );
    expect((doc.diagnosis as Record<string, unknown>).message).toBe(want.diagnosis.message);
    const written = readFileSync(join(dir, 'weights.csv'), 'utf8').trimEnd().split('\n');
    expect(written[0]).toBe('log_weight');
    expect(written.slice(1).map(Number)).toEqual(Array.from(want.logWeights));
    const r = run(['psis', 'logratios.csv']);
    const lines = r.stdout.trimEnd().split('\n');
    expectAligned(lines.slice(0, -1), ['draws']);
    expect(printed(r.stdout, 'k̂')).toBe(sixDigits(want.khat));
    expect(lines.at(-1)).toBe(`${want.diagnosis.category}: ${want.diagnosis.message}`);
  });
});

describe('errors', () => {
  it('a missing file: one line naming it, exit 1', () => {
    expect(userError(['measure', 'entropy', 'no-such-file.csv'])).toBe(
      'error: no-such-file.csv: no such file',
    );
    expect(userError(['psis', '.'])).toBe('error: .: is a directory, not a file');
  });

  it('an unknown flag: commander says so in one line, exit 1', () => {
    expect(userError(['measure', 'entropy', 'p.csv', '--bsae', '2'])).toBe(
      "error: unknown option '--bsae' (Did you mean --base?)",
    );
    expect(userError(['measure', 'entropy'])).toBe("error: missing required argument 'file'");
    expect(userError(['measure', 'entropy', 'p.csv', '--base', '1'])).toMatch(/^error: --base must be/);
    expect(userError(['frobnicate'])).toMatch(/^error: unknown command 'frobnicate'/);
  });

  it('an empty file, or a header only', () => {
    expect(userError(['measure', 'entropy', 'empty.csv'])).toBe(
      'error: empty.csv: no data (empty file or a header only)',
    );
    expect(userError(['estimate', 'entropy', 'header-only.csv'])).toBe(
      'error: header-only.csv: no data (empty file or a header only)',
    );
    expect(userError(['measure', 'entropy', '-'])).toBe(
      'error: <stdin>: no data (empty file or a header only)',
    );
  });

  it('a ragged CSV names the row', () => {
    expect(userError(['measure', 'entropy', 'ragged.csv'])).toBe(
      'error: ragged.csv: row 3: 1 values where the first row has 2',
    );
  });

  it('CSV quoting mistakes: one line naming the file, the row and the problem, exit 1 (not internal)', () => {
    expect(userError(['measure', 'entropy', '-'], 'p\n0.5\n"0.25\n0.25\n')).toBe(
      'error: <stdin>: row 3: a quoted value opened here is never closed (the file ends inside quotes); close it with "',
    );
    expect(userError(['estimate', 'entropy', '-', '--column', 'x'], 'x\na\nb"c\n')).toBe(
      'error: <stdin>: row 3, column 1: a quote (") inside an unquoted value after "b"; quote the whole value and double the quotes inside it ("a""b")',
    );
    expect(userError(['measure', 'kl', '-'], 'p,q\n0.5,"0.5"x\n')).toBe(
      'error: <stdin>: row 2, column 2: text after the closing quote of a quoted value; double a quote inside quotes ("a""b")',
    );
    // Far down a streamed file: the row is csv-parse's, not how far the consumer had got.
    const rows = Array.from({ length: 100000 }, (_, i) => String(i)).join('\n');
    expect(userError(['psis', '-'], `x\n${rows}\na"b\n1\n`)).toMatch(
      /^error: <stdin>: row 100002, column 1: /,
    );
  }, 120_000);

  it('binary data, UTF-16 and .npy bytes where text is expected: one line, exit 1', () => {
    expect(userError(['measure', 'entropy', '-', '--format', 'csv'], 'p\n\0\0\n')).toBe(
      'error: <stdin>: binary data, not CSV text',
    );
    expect(userError(['measure', 'entropy', 'p.npy', '--format', 'tsv'])).toBe(
      'error: p.npy: an .npy file, not TSV text; give it the .npy extension or --format npy',
    );
    expect(userError(['measure', 'entropy', 'p.npy', '--format', 'json'])).toMatch(/an \.npy file, not JSON/);
  }, 120_000);

  it('JSON: null is named as null, at the index of a flat array; a parse error stays on one line', () => {
    expect(userError(['measure', 'entropy', '-', '--format', 'json'], '[0.5, null, 0.5]')).toBe(
      'error: <stdin>: [1]: null; remove or fill in missing data',
    );
    expect(userError(['measure', 'entropy', '-', '--format', 'json'], '[\n0.5,\n oops\n]')).toMatch(
      /^error: <stdin>: invalid JSON: /,
    );
  }, 120_000);

  it('.npy: a huge declared shape is refused before allocating; an empty file says so', () => {
    const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }\n";
    const bytes = Buffer.concat([
      Buffer.from('\x93NUMPY\x01\x00', 'latin1'),
      Buffer.from([header.length, 0]),
      Buffer.from(header, 'latin1'),
      Buffer.alloc(64),
    ]);
    expect(run(['psis', '-', '--format', 'npy'], bytes).stderr.trim()).toBe(
      "error: <stdin>: truncated .npy data: shape (1099511627776) of '<f8' needs 8796093022208 bytes, the file holds 64",
    );
    expect(userError(['measure', 'entropy', '-', '--format', 'npy'])).toBe(
      'error: <stdin>: empty file, not an .npy file',
    );
  }, 120_000);

  it('flags that do not apply are refused, not ignored', () => {
    expect(userError(['measure', 'kl', 'pq.tsv', '--column2', 'q'])).toMatch(
      /^error: kl with one file takes both --column \(p\) and --column2 \(q\), or neither/,
    );
    expect(userError(['measure', 'entropy', 'p.csv', '--column2', 'p'])).toMatch(
      /^error: entropy takes one column/,
    );
    expect(userError(['measure', 'mi', 'joint.csv', '--column', 'y1'])).toMatch(/--column does not apply/);
    expect(userError(['measure', 'entropy', 'p.csv', '--from', 'probs,logits'])).toBe(
      "error: --from takes one form for entropy (one distribution); got 'probs,logits'",
    );
    expect(
      userError(['estimate', 'mi', 'data.csv', '--column', 'x', '--column2', 'y', '--alphabet-size', '3']),
    ).toMatch(/^error: --alphabet-size applies to the entropy of categories/);
    expect(userError(['measure', 'entropy', 'p.csv', '--bits', '--base', 'NaN'])).toMatch(
      /^error: --base must be/,
    );
    expect(userError(['measure', 'entropy', 'p.csv', '--bits', '--base', '10'])).toBe(
      'error: --bits and --base 10 disagree; give one of them',
    );
    for (const level of ['0', '1', '-0.5'])
      expect(userError(['estimate', 'entropy', 'data.csv', '--column', 'colour', '--ci', level])).toBe(
        `error: --ci must be a confidence level between 0 and 1, e.g. 0.95; got '${level}'`,
      );
  }, 120_000);

  it('--debug adds the stack trace', () => {
    const r = run(['measure', 'entropy', 'negative.csv', '--debug']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/^error: negative\.csv: row 4/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('internal errors: exit 2, one line, the stack only with --debug', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(report(bug, {}, false)).toEqual({
      line: "internal error: Cannot read properties of undefined (reading 'x')",
      code: 2,
    });
    expect(report(bug, {}, true).line).toMatch(/^internal error: .*\n.*TypeError/s);
    // A RangeError from the library is a bug: reported as internal, never as the user's mistake.
    expect(report(new RangeError('Invalid typed array length: 1000000000000'), {}, false)).toEqual({
      line: 'internal error: Invalid typed array length: 1000000000000',
      code: 2,
    });
    // Every message is one line: line breaks and control characters from the input cannot split it.
    expect(report(new UserError('f.json: invalid JSON: "a\n  b"\u0001'), {}, false)).toEqual({
      line: 'error: f.json: invalid JSON: "a b"\\x01',
      code: 1,
    });
    const e = new SurprisalError('NAN', 'psis: logRatios[2] is NaN', { argument: 'logRatios', index: 2 });
    expect(report(e, { logRatios: { label: 'lr.csv', locate: (i) => `row ${i + 2}` } }, false)).toEqual({
      line: 'error: lr.csv: row 4: value is NaN',
      code: 1,
    });
  });
});

describe('surprisal loo', () => {
  it('one model: --json carries loo() of the matrix, estimates and k̂ per observation', () => {
    const doc = json(['loo', 'loglik.csv']);
    expect(doc.command).toBe('loo');
    expect(doc.draws).toBe(400);
    expect(doc.observations).toBe(4);
    expect((doc.estimates as { elpdLoo: { value: number } }).elpdLoo.value).toBeCloseTo(
      -8.847133157982359,
      12,
    );
    expect((doc.pointwise as { khat: number[] }).khat).toHaveLength(4);
  });
  it('two models: the comparison best first, with stacking weights', () => {
    const doc = json(['loo', 'loglik.csv', 'loglik-wide.csv', '--weights', 'stacking']);
    const rows = doc.comparison as { model: string; elpdDiff: number }[];
    expect(rows.map((r) => r.model)).toEqual(['loglik-wide', 'loglik']);
    expect(rows[0].elpdDiff).toBe(0);
    expect(rows[1].elpdDiff).toBeCloseTo(-1.338207623528323, 10);
    const w = (doc.weights as { values: Record<string, number> }).values;
    expect(w['loglik-wide'] + w.loglik).toBeCloseTo(1, 12);
  });
  it('--threads 2: the same report as one thread, byte for byte', () => {
    const one = run(['loo', 'loglik.csv', 'loglik-wide.csv', '--json']);
    const two = run(['loo', 'loglik.csv', 'loglik-wide.csv', '--json', '--threads', '2']);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(run(['loo', 'loglik.csv', '--threads', '0']).stderr.trim()).toBe(
      "error: --threads must be an integer >= 1; got '0'",
    );
  });
  it('bad input: chains that do not divide the draws, --weights with one model, a non-finite entry', () => {
    expect(run(['loo', 'loglik.csv', '--chains', '3']).stderr.trim()).toBe(
      'error: loglik.csv: 400 draws do not split into 3 chains of equal length',
    );
    expect(run(['loo', 'loglik.csv', '--weights', 'stacking']).code).toBe(1);
    const r = run(['loo', 'negative.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
