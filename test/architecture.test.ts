/**
 * The layout rules of CONTRIBUTING.md, checked on the import statements of src/: no cycle between folders,
 * src/kernels imports only src/core, nothing imports src/cli, and the library (all but cli) imports nothing
 * from Node.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Folder of a file under src/ ('index' for src/index.ts). */
function folderOf(file: string): string {
  const rel = relative(src, file).split(/[\\/]/);
  return rel.length === 1 ? 'index' : rel[0];
}

interface Edge {
  from: string;
  to: string;
  file: string;
}

const edges: Edge[] = [];
const nodeImports: { file: string; spec: string }[] = [];
for (const file of files(src)) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
    const spec = m[1];
    if (!spec.startsWith('.')) {
      if (spec.startsWith('node:') || /^(fs|path|os|url|worker_threads|child_process)$/.test(spec)) {
        nodeImports.push({ file: relative(src, file), spec });
      }
      continue;
    }
    const target = resolve(dirname(file), spec);
    edges.push({
      from: folderOf(file),
      to: folderOf(target.replace(/\.js$/, '.ts')),
      file: relative(src, file),
    });
  }
}

describe('architecture: the import graph of src/', () => {
  it('finds the imports', () => expect(edges.length).toBeGreaterThan(100));

  it('has no cycle between folders', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) {
      if (e.from === e.to || e.from === 'index') continue;
      if (!graph.has(e.from)) graph.set(e.from, new Set());
      graph.get(e.from)?.add(e.to);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (n: string): void => {
      state.set(n, 'open');
      stack.push(n);
      for (const m of graph.get(n) ?? []) {
        if (state.get(m) === 'open') cycles.push([...stack.slice(stack.indexOf(m)), m].join(' -> '));
        else if (!state.has(m)) visit(m);
      }
      stack.pop();
      state.set(n, 'done');
    };
    for (const n of graph.keys()) if (!state.has(n)) visit(n);
    const witnesses = cycles.map((c) => {
      const [a, b] = c.split(' -> ');
      const e = edges.find((x) => x.from === a && x.to === b);
      return `${c} (e.g. ${e?.file})`;
    });
    expect(witnesses).toEqual([]);
  });

  it('src/kernels imports only src/core (kernels know nothing of their consumers)', () => {
    const bad = edges.filter((e) => e.from === 'kernels' && e.to !== 'kernels' && e.to !== 'core');
    expect(bad.map((e) => `${e.file} -> ${e.to}`)).toEqual([]);
  });

  it('nothing in the library imports src/cli, and only src/cli imports Node', () => {
    expect(edges.filter((e) => e.to === 'cli' && e.from !== 'cli').map((e) => e.file)).toEqual([]);
    expect(nodeImports.filter((n) => !n.file.startsWith('cli')).map((n) => `${n.file}: ${n.spec}`)).toEqual(
      [],
    );
  });
});
