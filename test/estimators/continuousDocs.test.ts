/**
 * The `@example` lines `expr; // result` of the continuous estimators' files evaluate to what they print.
 * (test/docs.test.ts checks every example against the public index; this runs the same check on these files
 * with their own exports, so it holds before and after they are re-exported from src/index.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as entropy from '../../src/estimators/estimateDifferentialEntropy.js';
import * as kl from '../../src/estimators/estimateKlDivergence.js';
import * as mi from '../../src/estimators/estimateMutualInformation.js';
import * as tree from '../../src/estimators/knn/kdTree.js';
import { createRng } from '../../src/random/random.js';

const scope: Record<string, unknown> = { ...tree, ...entropy, ...mi, ...kl, createRng };
const files = [
  'knn/kdTree.ts',
  'estimateDifferentialEntropy.ts',
  'estimateMutualInformation.ts',
  'estimateKlDivergence.ts',
];

interface Example {
  setup: string[];
  expr: string;
  expected: string;
}

function examples(file: string): Example[] {
  const text = readFileSync(new URL(`../../src/estimators/${file}`, import.meta.url), 'utf8');
  const out: Example[] = [];
  let inFence = false;
  let setup: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\s*\*\s?/, '');
    if (line.startsWith('```')) {
      inFence = !inFence;
      setup = [];
      continue;
    }
    if (!inFence) continue;
    const m = /^(.*?);\s*\/\/\s*(-?Infinity|-?\d[\d.e+-]*|Float(?:32|64)Array \[[^\]]*\])(.*)$/.exec(line);
    if (m && !m[1].startsWith('try')) out.push({ setup: [...setup], expr: m[1], expected: m[2] });
    else if (/^(const|let|for) /.test(line)) setup.push(line);
  }
  return out;
}

describe('examples of the continuous estimators print what they say', () => {
  for (const file of files) {
    const all = examples(file);
    it(`${file} has checked examples`, () => expect(all.length).toBeGreaterThan(0));
    for (const ex of all) {
      it(`${file}: ${ex.expr} → ${ex.expected}`, () => {
        const body = `${ex.setup.join('\n')}\nreturn (${ex.expr});`;
        const got = new Function(...Object.keys(scope), body)(...Object.values(scope)) as unknown;
        if (ex.expected.startsWith('Float')) {
          const want = ex.expected
            .replace(/^Float(32|64)Array \[|\]$/g, '')
            .split(',')
            .map(Number);
          expect(Array.from(got as ArrayLike<number>)).toEqual(want);
          return;
        }
        const want = Number(ex.expected);
        if (!Number.isFinite(want)) expect(got).toBe(want);
        else
          expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)));
      });
    }
  }
});
