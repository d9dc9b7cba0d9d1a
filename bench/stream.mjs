#!/usr/bin/env node
// Streamed evaluation against in-memory: `surprisal loss BIG.npy TARGETS.npy` on a float32 [N, 32000] file
// larger than the memory budget (read from the page cache), against a plain sequential read of the same file
// and the same computation (CrossEntropyStats + PredictiveEntropyStats, the streamed route's per-block work)
// on an in-memory slice, all in the same run, at the same thread count. Peak RSS of the streamed run by
// /usr/bin/time. The file stays in /tmp for later runs (delete it with --clean).
//
//   npm run build && node bench/stream.mjs [--rows 20000] [--threads 2] [--memory 1G] [--slice 4096] [--clean]
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CrossEntropyStats, PredictiveEntropyStats } from '../dist/index.js';
import { xorshift32 } from './data.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? def : process.argv[i + 1];
};
const V = 32000;
const N = Number(arg('rows', 20000));
const threads = Number(arg('threads', 2));
const memory = arg('memory', '1G');
const sliceRows = Number(arg('slice', 4096));
const FILE = '/tmp/surprisal-stream-bench.npy';
const TARGETS = '/tmp/surprisal-stream-bench-targets.npy';
const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

function npyHeader(descr, shape) {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const len = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const h = Buffer.alloc(len, 0x20);
  h.write('\x93NUMPY', 0, 'latin1');
  h[6] = 1;
  h[7] = 0;
  h.writeUInt16LE(len - 10, 8);
  h.write(dict, 10, 'latin1');
  h[len - 1] = 0x0a;
  return h;
}

const header = npyHeader('<f4', [N, V]);
const bytes = header.length + N * V * 4;
if (process.argv.includes('--clean')) {
  rmSync(FILE, { force: true });
  rmSync(TARGETS, { force: true });
}
if (!existsSync(FILE) || statSync(FILE).size !== bytes) {
  const t0 = performance.now();
  const rnd = xorshift32(0x9e3779b9);
  const fd = openSync(FILE, 'w');
  writeSync(fd, header);
  const block = new Float32Array(256 * V);
  for (let r = 0; r < N; r += 256) {
    const rows = Math.min(256, N - r);
    for (let i = 0; i < rows * V; i++) block[i] = rnd() * 8 - 4;
    writeSync(fd, new Uint8Array(block.buffer, 0, rows * V * 4));
  }
  closeSync(fd);
  const t = new Int32Array(N).map((_, i) => (i * 7919) % V);
  const tfd = openSync(TARGETS, 'w');
  writeSync(tfd, npyHeader('<i4', [N]));
  writeSync(tfd, new Uint8Array(t.buffer));
  closeSync(tfd);
  console.error(
    `wrote ${FILE} (${(bytes / 1e9).toFixed(2)} GB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/** Plain sequential read of the whole file, 64 MiB at a time (the page cache's speed). */
function sequentialRead() {
  const buf = Buffer.allocUnsafe(64 * 2 ** 20);
  const fd = openSync(FILE, 'r');
  const t0 = performance.now();
  let pos = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) break;
    pos += n;
  }
  closeSync(fd);
  return pos / ((performance.now() - t0) / 1000) / 1e9;
}

/** The streamed route's computation on an in-memory slice of `sliceRows` rows, in one update. */
function inMemory() {
  const data = new Float32Array(sliceRows * V);
  const fd = openSync(FILE, 'r');
  readSync(fd, new Uint8Array(data.buffer), 0, data.byteLength, header.length);
  closeSync(fd);
  const t = new Int32Array(sliceRows).map((_, i) => (i * 7919) % V);
  const x = { data, shape: [sliceRows, V] };
  const once = () => {
    const ce = new CrossEntropyStats({ threads });
    const h = new PredictiveEntropyStats({ threads });
    const t0 = performance.now();
    ce.update(x, t);
    h.update(x);
    const s = (performance.now() - t0) / 1000;
    return { gbs: data.byteLength / s / 1e9, nll: ce.result().crossEntropy.value };
  };
  once(); // warm-up (kernels compiled, workers started)
  const runs = [once(), once(), once()].sort((a, b) => a.gbs - b.gbs);
  return runs[1];
}

/** The CLI's streamed run over the whole file, progress bar on; wall time and peak RSS from /usr/bin/time. */
function streamed() {
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'TIME %e %M',
      process.execPath,
      MAIN,
      'loss',
      FILE,
      TARGETS,
      '--json',
      '--progress',
      '--threads',
      String(threads),
      '--memory',
      memory,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  const m = /TIME ([\d.]+) (\d+)/.exec(r.stderr);
  const wall = Number(m[1]);
  // The bar's last rate: bytes over the time since the files were opened (Node's start-up left out).
  const rates = [...r.stderr.matchAll(/ ([\d.]+) (B|KiB|MiB|GiB)\/s /g)];
  const last = rates[rates.length - 1];
  const unit = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30 };
  return {
    bar: last ? (Number(last[1]) * unit[last[2]]) / 1e9 : Number.NaN,
    gbs: bytes / wall / 1e9,
    wall,
    rssMiB: Number(m[2]) / 1024,
    nll: JSON.parse(r.stdout).crossEntropy,
  };
}

sequentialRead(); // into the page cache
const read = sequentialRead();
const mem = inMemory();
const str = streamed();
console.log(
  `surprisal loss on float32 [${N}, ${V}] = ${(bytes / 1e9).toFixed(2)} GB from the page cache, --memory ${memory}, ` +
    `${threads} thread(s); ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}`,
);
console.log(`plain sequential read      ${read.toFixed(2)} GB/s`);
console.log(
  `in-memory slice (${sliceRows} rows)  ${mem.gbs.toFixed(2)} GB/s  (median of 3; mean NLL ${mem.nll.toFixed(6)})`,
);
console.log(
  `streamed, progress bar on  ${str.gbs.toFixed(2)} GB/s  (${str.wall.toFixed(1)} s wall, startup included; peak RSS ${str.rssMiB.toFixed(0)} MiB; mean NLL ${str.nll.toFixed(6)})`,
);
console.log(`streamed, the bar's rate    ${str.bar.toFixed(2)} GB/s  (Node's start-up left out)`);
console.log(
  `streamed / in-memory       ${((100 * str.gbs) / mem.gbs).toFixed(0)}% (wall), ${((100 * str.bar) / mem.gbs).toFixed(0)}% (bar)`,
);
