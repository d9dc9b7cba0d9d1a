/**
 * Executable documentation: lines of the form `expr; // result` inside ```ts fences, evaluated against the library
 * and compared with the printed result. Shared by test/docs.test.ts (TSDoc `@example` blocks) and
 * test/readme.test.ts (README code blocks).
 */
import { expect } from 'vitest';
import * as lib from '../../src/index.js';
import * as tables from '../../src/tables/index.js';

export interface Example {
  /** `const` / `let` / `for` lines of the same fence before the checked line, run first. */
  setup: string[];
  /** The expression whose value is printed. */
  expr: string;
  /** The printed result: a number, ±Infinity, or `Float32Array [..]` / `Float64Array [..]`. */
  expected: string;
  /** 1-based line number of the checked line in its file. */
  line: number;
}

/** `expr; // result` where result is a number (`-` or `−` for minus), ±Infinity or a typed array; text may follow. */
const CHECKED = /^(.*?);\s*\/\/\s*([-−]?Infinity|[-−]?\d[\d.e+-]*|Float(?:32|64)Array \[[^\]]*\])(.*)$/;

/**
 * The checked lines inside fenced blocks. `lines` are the file's lines with any comment prefix (` * `) already
 * removed; `languages` limits the fences read (```ts, ```js, ...), all fences when omitted.
 */
export function fencedExamples(lines: readonly string[], languages?: readonly string[]): Example[] {
  const out: Example[] = [];
  let inFence = false;
  let wanted = false;
  let setup: string[] = [];
  lines.forEach((line, i) => {
    if (line.trimStart().startsWith('```')) {
      inFence = !inFence;
      wanted = inFence && (languages === undefined || languages.includes(line.trim().slice(3).trim()));
      setup = [];
      return;
    }
    if (!inFence || !wanted) return;
    const m = CHECKED.exec(line);
    if (m && !m[1].startsWith('try')) {
      out.push({ setup: [...setup], expr: m[1], expected: m[2].replace(/−/g, '-'), line: i + 1 });
    } else if (/^(const|let|for) /.test(line)) setup.push(line);
  });
  return out;
}

// The library's exports, and those of its Node-only entry point surprisal/tables.
const scope = { ...lib, ...tables };
const names = Object.keys(scope);
const values = Object.values(scope);
const AsyncFunction = (async () => {}).constructor as FunctionConstructor;

/**
 * Runs the setup lines, then returns the expression's value, with every export of the library in scope; a
 * promise of it when the example awaits (the surprisal/tables functions are async).
 */
export function evaluate(setup: readonly string[], expr: string): unknown {
  const body = `${setup.join('\n')}\nreturn (${expr});`;
  const F = body.includes('await ') ? AsyncFunction : Function;
  return new F(...names, body)(...values) as unknown;
}

/**
 * Asserts that `got` is the printed `expected`: a typed array of the named type and length whose entries agree
 * to 14 decimals, or a number within `relative` (relative error, absolute below 1; 0 = the very same double).
 */
export function expectPrinted(got: unknown, expected: string, relative: number): void {
  if (expected.startsWith('Float')) {
    const want = expected
      .replace(/^Float(32|64)Array \[|\]$/g, '')
      .split(',')
      .map(Number);
    expect(got).toBeInstanceOf(expected.startsWith('Float32') ? Float32Array : Float64Array);
    const arr = Array.from(got as ArrayLike<number>);
    expect(arr.length).toBe(want.length);
    for (let i = 0; i < arr.length; i++) expect(arr[i]).toBeCloseTo(want[i], 14);
    return;
  }
  const want = Number(expected);
  if (!Number.isFinite(want) || relative === 0) expect(got).toBe(want);
  else expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(want)));
}
