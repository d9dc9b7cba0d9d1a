/**
 * `surprisal tail` and `surprisal psis` on the inputs of issue #13: k̂ far out in the tail (weights near
 * e^{−708} used to give k̂ = ∞ and "too few draws" next to 100 000 hits), sample counts past what can be
 * allocated (an "internal error" with exit 2 before), and malformed portfolio files. Runs the built command
 * (`npm test` builds first).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gaussianTail } from '../../src/index.js';
import { type Run, surprisal } from './helpers.js';

/** Each test spawns the command several times: allow for a loaded machine. */
const SPAWNS = 120_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'surprisal-tail-'));
  const put = (name: string, content: string) => writeFileSync(join(dir, name), content);
  const covariance = [
    [0.04, 0.01],
    [0.01, 0.09],
  ];
  put('extra-key.json', JSON.stringify({ weights: [0.5, 0.5], mean: [0, 0], covariance, level: 3 }));
  put('df-string.json', JSON.stringify({ weights: [0.5, 0.5], mean: [0, 0], covariance, df: '4' }));
  put(
    'asymmetric.json',
    JSON.stringify({
      weights: [0.5, 0.5],
      mean: [0, 0],
      covariance: [
        [1, 0.9],
        [0, 1],
      ],
    }),
  );
  put('one.csv', 'logratio\n0.5\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]): Run {
  return surprisal(args, { cwd: dir });
}

/** Expects a user error: exit 1, one line on stderr starting 'error: ', nothing on stdout, no stack trace. */
function userError(args: string[]): string {
  const r = run(args);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).not.toMatch(/internal error|\bat .*\.js:\d+/);
  return lines[0];
}

describe('surprisal tail: k̂ does not depend on the size of the weights', { timeout: SPAWNS }, () => {
  it('--threshold 37.5: a finite k̂ and a "reliable" diagnosis next to 100 000 hits (was k̂ = ∞, "too few draws")', () => {
    const r = run(['tail', '--threshold', '37.5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const want = gaussianTail({ threshold: 37.5, samples: 100000, seed: 0 });
    expect(doc.hits).toBe(100000);
    expect(doc.khat).toBe(want.khat);
    expect(Number.isFinite(doc.khat)).toBe(true);
    expect(doc.diagnosis.category).toBe('good');
    const text = run(['tail', '--threshold', '37.5']).stdout;
    expect(text).not.toMatch(/Infinity|too few/);
    expect(text).toMatch(/reliable with S = 100000/);
  });

  it('k̂ = ∞ from too few hits says how many draws reached the event', () => {
    const r = run(['tail', '--threshold', '8', '--method', 'naive', '--samples', '1000']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/only 0 of 1000 draws reached the event/);
  });
});

describe('surprisal tail: sizes and files are user errors (exit 1, one line)', { timeout: SPAWNS }, () => {
  it('--samples 1e12 is refused up front with the limit (was "internal error: Invalid typed array length")', () => {
    for (const extra of [[], ['--method', 'ce'], ['--dist', 'portfolio'], ['--progress']]) {
      const line = userError(['tail', '--samples', '1e12', ...extra]);
      expect(line).toMatch(/--samples/);
      expect(line).toContain('4294967296');
    }
    expect(userError(['tail', '--samples', '4294967297'])).toContain('4294967296');
  });

  it('--samples 0, 1.5, -3 and fewer than 10 for ce', () => {
    for (const s of ['0', '1.5', '-3']) expect(userError(['tail', '--samples', s])).toMatch(/--samples/);
    expect(userError(['tail', '--method', 'ce', '--samples', '5'])).toMatch(
      /--samples must be an integer >= 10/,
    );
  });

  it('bad --level-samples, --rho, --df and --threshold name the problem', () => {
    expect(userError(['tail', '--method', 'ce', '--level-samples', '1e12'])).toContain('4294967296');
    expect(userError(['tail', '--method', 'ce', '--rho', '2'])).toMatch(/rho/);
    expect(userError(['tail', '--dist', 'portfolio', '--df', '-1'])).toMatch(/df/);
    expect(userError(['tail', '--threshold', 'Infinity'])).toMatch(/threshold/);
    expect(userError(['tail', '--dist', 'portfolio', '--threshold', '1e200'])).toMatch(/threshold/);
  });

  it('a portfolio file with an unknown key, a df that is not a number, or an asymmetric covariance', () => {
    expect(userError(['tail', '--dist', 'portfolio', '--portfolio', 'extra-key.json'])).toMatch(
      /extra-key\.json: unknown key "level"/,
    );
    expect(userError(['tail', '--dist', 'portfolio', '--portfolio', 'df-string.json'])).toMatch(
      /df-string\.json: expected/,
    );
    expect(userError(['tail', '--dist', 'portfolio', '--portfolio', 'asymmetric.json'])).toMatch(
      /not symmetric/,
    );
  });
});

describe('surprisal psis', { timeout: SPAWNS }, () => {
  it('a single log ratio is a user error naming psis’s reason, not a paretoDiagnostics failure', () => {
    const line = userError(['psis', 'one.csv']);
    expect(line).toMatch(/single draw/);
  });
});

describe('surprisal tail: portfolio from standard input, binary portfolio files, flags of another method', () => {
  const portfolio = JSON.stringify({
    weights: [0.5, 0.5],
    mean: [0, 0],
    covariance: [
      [1, 0.2],
      [0.2, 1],
    ],
  });
  it(
    'reads --portfolio - from standard input',
    () => {
      const r = surprisal(
        ['tail', '--dist', 'portfolio', '--portfolio', '-', '--samples', '1000', '--json'],
        {
          input: portfolio,
        },
      );
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).command).toBe('tail');
    },
    SPAWNS,
  );
  it(
    'refuses an .npy file given as the portfolio in one line, exit 1',
    () => {
      writeFileSync(join(dir, 'p.npy'), Buffer.from('\x93NUMPY\x01\x00v\x00', 'latin1'));
      const r = surprisal(['tail', '--dist', 'portfolio', '--portfolio', join(dir, 'p.npy')]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toMatch(/p\.npy: an \.npy file, not JSON text/);
    },
    SPAWNS,
  );
  it(
    'refuses --rho and --level-samples unless --method ce',
    () => {
      const r = surprisal(['tail', '--rho', '0.2', '--samples', '1000']);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        'error: --rho and --level-samples apply to --method ce; this run uses --method exponential',
      );
    },
    SPAWNS,
  );
});
