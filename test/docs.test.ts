/**
 * Every `@example` line of the form `expr; // result` in src/ is evaluated against the library and its
 * printed result checked, so the documentation cannot drift from the code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';
import {
  evaluate,
  expectPrinted,
  type Example as FencedExample,
  fencedExamples,
} from './helpers/examples.js';

const root = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Example extends FencedExample {
  file: string;
}

/** Checked lines inside ```ts fences of doc comments (test/helpers/examples.ts). */
function examples(file: string): Example[] {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((raw) => raw.replace(/^\s*\*\s?/, ''));
  return fencedExamples(lines).map((ex) => ({ file, ...ex }));
}

const names = Object.keys(lib);
const all = files(root).flatMap(examples);

describe('TSDoc examples print what they say', () => {
  it('finds examples to check', () => expect(all.length).toBeGreaterThan(40));
  for (const ex of all) {
    it(`${ex.file.slice(root.length + 1)}: ${ex.expr} → ${ex.expected}`, async () => {
      expectPrinted(await evaluate(ex.setup, ex.expr), ex.expected, 1e-13);
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
