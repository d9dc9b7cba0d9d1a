/**
 * Every reference fixture in test/fixtures says where it came from: one `meta` block
 * { generator, command, versions, seed } written by its generator (Python ones through
 * test/fixtures/fixture_meta.py), and `npm run fixtures` (scripts/fixtures.mjs) runs every generator there is,
 * with the very command each fixture records.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const folder = 'test/fixtures';

interface Entry {
  generator: string;
  command: string;
  outputs: string[];
}

const runnerList = JSON.parse(
  execFileSync(process.execPath, [`${root}scripts/fixtures.mjs`, '--list'], { encoding: 'utf8' }),
) as Entry[];
const files = readdirSync(`${root}${folder}`).sort();
const jsons = files.filter((f) => f.endsWith('.json'));
const generators = files.filter((f) => f.startsWith('generate_')).map((f) => `${folder}/${f}`);

function metaOf(file: string): Record<string, unknown> {
  const doc = JSON.parse(readFileSync(`${root}${folder}/${file}`, 'utf8')) as unknown;
  expect(doc, `${file} is a JSON object`).toBeTypeOf('object');
  expect(Array.isArray(doc), `${file} is not a bare array`).toBe(false);
  const meta = (doc as { meta?: unknown }).meta;
  expect(meta, `${file} has a meta object`).toBeTypeOf('object');
  expect(meta, `${file} meta`).not.toBeNull();
  return meta as Record<string, unknown>;
}

describe('every fixture JSON carries meta { generator, command, versions, seed }', () => {
  it('finds the fixtures', () => {
    expect(jsons.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of jsons) {
    it(file, () => {
      const meta = metaOf(file);
      const { generator, command, versions } = meta;
      expect(generator, `${file}: meta.generator`).toBeTypeOf('string');
      expect(generators, `${file}: meta.generator is a generator in ${folder}`).toContain(generator);
      expect(existsSync(`${root}${generator}`), `${generator} exists`).toBe(true);

      expect(command, `${file}: meta.command`).toBeTypeOf('string');
      expect(command as string, `${file}: meta.command runs its generator`).toContain(generator as string);

      expect(versions, `${file}: meta.versions`).toBeTypeOf('object');
      expect(versions, `${file}: meta.versions`).not.toBeNull();
      const entries = Object.entries(versions as object);
      expect(entries.length, `${file}: meta.versions is not empty`).toBeGreaterThan(0);
      for (const [name, version] of entries) {
        expect(version, `${file}: meta.versions.${name}`).toBeTypeOf('string');
        expect((version as string).length, `${file}: meta.versions.${name}`).toBeGreaterThan(0);
      }

      expect(Object.hasOwn(meta, 'seed'), `${file}: meta has a seed key (null when deterministic)`).toBe(
        true,
      );
      expect(meta.seed, `${file}: meta.seed`).not.toBeUndefined();
    });
  }
});

describe('npm run fixtures regenerates all of them (scripts/fixtures.mjs)', () => {
  it('is what the package.json script runs', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.fixtures).toBe('node scripts/fixtures.mjs');
  });

  it('runs every generator in test/fixtures, each once', () => {
    const listed = runnerList.map((e) => e.generator);
    expect(new Set(listed).size, 'no generator twice').toBe(listed.length);
    expect([...listed].sort()).toEqual(generators);
  });

  it('writes every fixture JSON, each from one generator', () => {
    const outputs = runnerList.flatMap((e) => e.outputs);
    expect(new Set(outputs).size, 'no JSON from two generators').toBe(outputs.length);
    expect([...outputs].sort()).toEqual(jsons.map((f) => `${folder}/${f}`));
  });

  for (const entry of runnerList) {
    it(`${entry.generator}: its fixtures record it and the command the runner uses`, () => {
      for (const out of entry.outputs) {
        const meta = metaOf(out.slice(folder.length + 1));
        expect(meta.generator, out).toBe(entry.generator);
        expect(meta.command, out).toBe(entry.command);
      }
    });
  }
});
