/**
 * The README's printed results are executed, as the TSDoc examples are (test/docs.test.ts, same evaluator in
 * test/helpers/examples.ts): in ```ts / ```js blocks, every `expr; // result` line must give that very double
 * (README values are printed in full, so they are compared exactly), every `expr;` followed by a
 * `// SurprisalError [CODE]: message` line must throw that error, and every name imported from 'surprisal' must
 * exist; in the prose, every "`expr` is <number>" must hold exactly as well.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';
import { SurprisalError } from '../src/index.js';
import { evaluate, expectPrinted, fencedExamples } from './helpers/examples.js';

const path = fileURLToPath(new URL('../README.md', import.meta.url));
const lines = readFileSync(path, 'utf8').split('\n');
const LANGUAGES = ['ts', 'js', 'typescript', 'javascript'];

interface Thrown {
  setup: string[];
  expr: string;
  code: string;
  message: string;
  line: number;
}

/** In code blocks: `expr;` then `// SurprisalError [CODE]: message` on the next line; and the imported names. */
function scanBlocks(): { thrown: Thrown[]; imports: { name: string; line: number }[] } {
  const thrown: Thrown[] = [];
  const imports: { name: string; line: number }[] = [];
  let inFence = false;
  let wanted = false;
  let setup: string[] = [];
  lines.forEach((line, i) => {
    if (line.trimStart().startsWith('```')) {
      inFence = !inFence;
      wanted = inFence && LANGUAGES.includes(line.trim().slice(3).trim());
      setup = [];
      return;
    }
    if (!inFence || !wanted) return;
    const err = /^\/\/\s*SurprisalError \[([A-Z_]+)\]: (.*)$/.exec(line.trim());
    const previous = lines[i - 1]?.trim() ?? '';
    if (err && previous.endsWith(';')) {
      thrown.push({
        setup: [...setup],
        expr: previous.slice(0, -1),
        code: err[1],
        message: err[2],
        line: i + 1,
      });
    }
    const imp = /^import\s*\{([^}]*)\}\s*from\s*'surprisal(?:\/[a-z]+)?';/.exec(line.trim());
    if (imp) {
      for (const name of imp[1].split(',').map((s) => s.replace(/^type\s+/, '').trim())) {
        if (name) imports.push({ name, line: i + 1 });
      }
    }
    if (/^(const|let|for) /.test(line)) setup.push(line);
  });
  return { thrown, imports };
}

/** In the prose: "`expr` is <number>" (a value printed in a sentence). */
function proseValues(): { expr: string; expected: string; line: number }[] {
  const out: { expr: string; expected: string; line: number }[] = [];
  let inFence = false;
  lines.forEach((line, i) => {
    if (line.trimStart().startsWith('```')) inFence = !inFence;
    if (inFence) return;
    for (const m of line.matchAll(/`([^`]*\([^`]*)` is ([-−]?\d[\d.]*(?:e[-+]?\d+)?)/g)) {
      out.push({ expr: m[1], expected: m[2].replace(/−/g, '-'), line: i + 1 });
    }
  });
  return out;
}

const printed = fencedExamples(lines, LANGUAGES);
const { thrown, imports } = scanBlocks();
const prose = proseValues();

describe('README code blocks print what they say', () => {
  it('finds printed results to check', () => {
    expect(printed.length).toBeGreaterThanOrEqual(4);
    expect(thrown.length).toBeGreaterThanOrEqual(1);
    expect(prose.length).toBeGreaterThanOrEqual(1);
  });

  for (const ex of printed) {
    it(`README.md:${ex.line}: ${ex.expr} → ${ex.expected}`, () => {
      expectPrinted(evaluate(ex.setup, ex.expr), ex.expected, 0);
    });
  }

  for (const ex of thrown) {
    it(`README.md:${ex.line}: ${ex.expr} throws ${ex.code}`, () => {
      let error: unknown;
      try {
        evaluate(ex.setup, ex.expr);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SurprisalError);
      expect((error as SurprisalError).code).toBe(ex.code);
      expect((error as SurprisalError).message).toBe(ex.message);
    });
  }

  for (const ex of prose) {
    it(`README.md:${ex.line}: \`${ex.expr}\` is ${ex.expected}`, () => {
      expectPrinted(evaluate([], ex.expr), ex.expected, 0);
    });
  }

  it('names only exports of the library in its imports', () => {
    const missing = imports
      .filter(({ name }) => !(name in lib))
      .map(({ name, line }) => `${name} (line ${line})`);
    expect(missing).toEqual([]);
  });
});
