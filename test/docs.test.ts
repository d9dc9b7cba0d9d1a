/**
 * Every `@example` line of the form `expr; // result` in src/ is evaluated against the library and its
 * printed result checked, so the documentation cannot drift from the code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';

const root = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Example {
  file: string;
  setup: string[];
  expr: string;
  expected: string;
}

/** Lines inside ```ts fences of doc comments; `const` lines before a checked line are its setup. */
function examples(file: string): Example[] {
  const out: Example[] = [];
  let inFence = false;
  let setup: string[] = [];
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/^\s*\*\s?/, '');
    if (line.startsWith('```')) {
      inFence = !inFence;
      setup = [];
      continue;
    }
    if (!inFence) continue;
    const m = /^(.*?);\s*\/\/\s*(-?Infinity|-?\d[\d.e+-]*|Float(?:32|64)Array \[[^\]]*\])(.*)$/.exec(line);
    if (m && !m[1].startsWith('try')) out.push({ file, setup: [...setup], expr: m[1], expected: m[2] });
    else if (/^(const|let|for) /.test(line)) setup.push(line);
  }
  return out;
}

const names = Object.keys(lib);
const values = Object.values(lib);
const all = files(root).flatMap(examples);

describe('TSDoc examples print what they say', () => {
  it('finds examples to check', () => expect(all.length).toBeGreaterThan(40));
  for (const ex of all) {
    it(`${ex.file.slice(root.length + 1)}: ${ex.expr} → ${ex.expected}`, () => {
      const body = `${ex.setup.join('\n')}\nreturn (${ex.expr});`;
      const got = new Function(...names, body)(...values) as unknown;
      if (ex.expected.startsWith('Float')) {
        const want = ex.expected
          .replace(/^Float(32|64)Array \[|\]$/g, '')
          .split(',')
          .map(Number);
        expect(got).toBeInstanceOf(ex.expected.startsWith('Float32') ? Float32Array : Float64Array);
        const arr = Array.from(got as ArrayLike<number>);
        expect(arr.length).toBe(want.length);
        for (let i = 0; i < arr.length; i++) expect(arr[i]).toBeCloseTo(want[i], 14);
      } else {
        const want = Number(ex.expected);
        if (!Number.isFinite(want)) expect(got).toBe(want);
        else
          expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)));
      }
    });
  }
});

describe('every exported function and class has TSDoc with an @example', () => {
  const sources = files(root).map((f) => readFileSync(f, 'utf8'));
  const runtime = names.filter((n) => typeof (lib as Record<string, unknown>)[n] === 'function');
  for (const name of runtime) {
    it(name, () => {
      const decl = new RegExp(
        `/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export (?:async )?(?:function|class) ${name}\\b`,
      );
      const doc = sources.map((s) => decl.exec(s)?.[1]).find((d) => d !== undefined);
      expect(doc, `no doc comment on ${name}`).toBeDefined();
      expect(doc).toContain('@example');
    });
  }
});
