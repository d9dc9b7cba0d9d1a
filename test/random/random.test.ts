/**
 * The core generator: xoshiro128** seeded by SplitMix64, checked bit for bit against the authors' C code
 * (test/fixtures/rng.json, from test/fixtures/generate_rng.sh), plus reproducibility of seeds, jumps,
 * splits and saved states, and the ranges of the uniform conversions.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, type Rng, rngFromState } from '../../src/random/random.js';
import { thrown } from '../helpers/errors.js';

interface RngCase {
  seed: string;
  state: number[];
  next: number[];
  uniform: number[];
  jumped_state: number[];
  next_after_jump: number[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/rng.json', import.meta.url), 'utf8')) as {
  cases: RngCase[];
};

function draws(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextUint32());
}

describe('createRng(seed) matches the reference C implementation (rng.json)', () => {
  it('has cases for small, large and bigint-only seeds', () => {
    expect(fixture.cases.map((c) => c.seed)).toEqual([
      '0',
      '1',
      '2',
      '42',
      '12345',
      '9007199254740991',
      '18446744073709551615',
    ]);
  });

  for (const c of fixture.cases) {
    const seed = BigInt(c.seed);
    it(`seed ${c.seed}: SplitMix64 state, first 20 outputs, first 5 uniforms`, () => {
      expect(Array.from(createRng(seed).getState())).toEqual(c.state);
      expect(draws(createRng(seed), 20)).toEqual(c.next);
      const rng = createRng(seed);
      // %.17g in C round-trips exactly, so the doubles must be identical.
      expect(Array.from({ length: 5 }, () => rng.uniform())).toEqual(c.uniform);
    });

    it(`seed ${c.seed}: jump() gives the reference state and outputs`, () => {
      const rng = createRng(seed).jump();
      expect(Array.from(rng.getState())).toEqual(c.jumped_state);
      expect(draws(rng, 5)).toEqual(c.next_after_jump);
    });

    if (seed <= BigInt(Number.MAX_SAFE_INTEGER)) {
      it(`seed ${c.seed}: number and bigint seeds agree`, () => {
        expect(draws(createRng(Number(seed)), 8)).toEqual(draws(createRng(seed), 8));
      });
    }
  }
});

describe('reproducibility', () => {
  it('createRng(s) gives the same stream every time', () => {
    const a = createRng(2024);
    const b = createRng(2024);
    for (let i = 0; i < 1000; i++) expect(a.nextUint32()).toBe(b.nextUint32());
    expect(createRng(7).normal()).toBe(createRng(7).normal());
    expect(createRng(7).gamma(0.3)).toBe(createRng(7).gamma(0.3));
  });

  it('seeds 0, 1, 2 give unrelated streams (no shared outputs among the first 1000)', () => {
    const streams = [0, 1, 2].map((s) => new Set(draws(createRng(s), 1000)));
    for (const x of streams[0]) {
      expect(streams[1].has(x)).toBe(false);
      expect(streams[2].has(x)).toBe(false);
    }
  });

  it('jump() moves to a different, reproducible stream', () => {
    const base = draws(createRng(9), 16);
    const jumped = draws(createRng(9).jump(), 16);
    expect(jumped).not.toEqual(base);
    expect(draws(createRng(9).jump(), 16)).toEqual(jumped);
    expect(draws(createRng(9).jump().jump(), 16)).not.toEqual(jumped);
  });

  it('split() returns a new stream, leaves the parent on another, and is reproducible', () => {
    const parent = createRng(11);
    const child = parent.split();
    const c = draws(child, 16);
    const p = draws(parent, 16);
    expect(c).not.toEqual(p);
    const parent2 = createRng(11);
    expect(draws(parent2.split(), 16)).toEqual(c);
    expect(draws(parent2, 16)).toEqual(p);
    // Split advances the parent by exactly four outputs.
    const ref = createRng(11);
    draws(ref, 4);
    expect(draws(ref, 16)).toEqual(p);
  });

  it('nested splits never land on the parent state (the hazard of jump-based splitting)', () => {
    const root = createRng(3);
    const a = root.split();
    const a1 = a.split();
    const b = root.split();
    const states = [root, a, a1, b].map((r) => Array.from(r.getState()).join(','));
    expect(new Set(states).size).toBe(4);
  });

  it('clone() continues the same stream independently', () => {
    const rng = createRng(5);
    draws(rng, 3);
    const copy = rng.clone();
    expect(draws(copy, 10)).toEqual(draws(rng, 10));
    copy.nextUint32();
    expect(copy.getState()).not.toEqual(rng.getState());
  });

  it('getState / rngFromState round-trip, mid-stream and after variates', () => {
    const rng = createRng(123);
    rng.normal();
    rng.gamma(0.5);
    rng.poisson(40);
    const saved = rng.getState();
    expect(saved).toBeInstanceOf(Uint32Array);
    expect(saved.length).toBe(4);
    const restored = rngFromState(saved);
    for (let i = 0; i < 50; i++) expect(restored.normal()).toBe(rng.normal());
    expect(Array.from(rngFromState(Array.from(saved)).getState())).toEqual(Array.from(saved));
    // The state is a copy: mutating it does not touch the generator.
    saved[0] ^= 1;
    expect(rngFromState(rng.getState()).nextUint32()).toBe(rng.clone().nextUint32());
  });

  it('createRng() without a seed uses fresh entropy (two generators differ)', () => {
    expect(draws(createRng(), 4)).not.toEqual(draws(createRng(), 4));
  });
});

describe('uniform conversions', () => {
  it('uniform() is in [0, 1) and uniformOpen() in (0, 1) for arbitrary seeds', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (seed) => {
        const rng = createRng(seed);
        for (let i = 0; i < 50; i++) {
          const u = rng.uniform();
          const v = rng.uniformOpen();
          if (!(u >= 0 && u < 1) || !(v > 0 && v < 1)) return false;
        }
        return true;
      }),
      { seed: 1, numRuns: 500 },
    );
  });

  it('uniform() and uniformOpen() stay in range at the extreme outputs (all-ones and all-zero words)', () => {
    // A stand-in source whose outputs are the extremes, run through the same conversions.
    const extreme = (word: number) => {
      const fake = Object.create(createRng(0)) as Rng;
      fake.nextUint32 = () => word;
      return fake;
    };
    expect(extreme(0xffffffff).uniform()).toBe(1 - 2 ** -53);
    expect(extreme(0).uniform()).toBe(0);
    expect(extreme(0xffffffff).uniformOpen()).toBe(1 - 2 ** -53);
    expect(extreme(0).uniformOpen()).toBe(2 ** -53);
  });

  it('fillUniform into a Float32Array stays below 1 and uses [low, high)', () => {
    const out = createRng(1).fillUniform(new Float32Array(100_000));
    let max = 0;
    for (const x of out) max = Math.max(max, x);
    expect(max).toBeLessThan(1);
    expect(max).toBeGreaterThan(0.999);
    const scaled = createRng(1).fillUniform(new Float64Array(1000), -3, 5);
    for (const x of scaled) expect(x >= -3 && x < 5).toBe(true);
    expect(createRng(1).fillUniform([0, 0, 0])).toHaveLength(3);
  });
});

describe('invalid seeds and states throw SurprisalError', () => {
  it.each([
    ['NaN', Number.NaN],
    ['a fraction', 1.5],
    ['a negative number', -1],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['2^53 (not a safe integer)', 2 ** 53],
    ['a negative bigint', -1n],
    ['a bigint >= 2^64', 1n << 64n],
  ])('createRng(%s) → INVALID_OPTION', (_, seed) => {
    const e = thrown(() => createRng(seed));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.argument).toBe('seed');
    expect(e.message).toContain('createRng: seed');
  });

  it('rngFromState rejects wrong lengths, bad words and the all-zero state', () => {
    expect(thrown(() => rngFromState([1, 2, 3])).code).toBe('SHAPE_MISMATCH');
    const bad = thrown(() => rngFromState([1, 2, -3, 4]));
    expect(bad.code).toBe('INVALID_OPTION');
    expect(bad.index).toBe(2);
    expect(thrown(() => rngFromState([1, 2 ** 32, 3, 4])).code).toBe('INVALID_OPTION');
    expect(thrown(() => rngFromState([0.5, 2, 3, 4])).code).toBe('INVALID_OPTION');
    expect(thrown(() => rngFromState(new Uint32Array(4))).code).toBe('INVALID_OPTION');
  });
});
