// crossEntropyLoss value + gradient with a fresh gradient array per call against one reused through gradInto,
// float32 [N, C], on 1 and 2 threads, medians of 7. Run: npm run build && node bench/ce_reuse.mjs
import { cpus } from 'node:os';
import { crossEntropyLoss } from '../dist/index.js';

const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
console.log(`# ${cpus().length} cores, Node ${process.version}`);
console.log('| shape | threads | fresh gradient (ms, GB/s) | reused via gradInto (ms, GB/s) |');
console.log('|---|---|---|---|');
for (const [n, c] of [
  [4096, 32000],
  [512, 128256],
]) {
  const data = new Float32Array(n * c);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) % 4294967296) / 536870912 - 4;
  const x = { data, shape: [n, c] };
  const y = Int32Array.from({ length: n }, (_, i) => (i * 7919) % c);
  const into = new Float32Array(n * c);
  const time = (opts) => {
    crossEntropyLoss(x, y, opts);
    const ts = [];
    for (let r = 0; r < 7; r++) {
      const t = process.hrtime.bigint();
      crossEntropyLoss(x, y, opts);
      ts.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(ts);
  };
  const gb = (ms) => ((n * c * 4) / (ms * 1e6)).toFixed(2);
  for (const threads of [1, 2]) {
    const a = time({ threads });
    const b = time({ gradInto: into, threads });
    console.log(`| [${n}, ${c}] | ${threads} | ${a.toFixed(1)} (${gb(a)}) | ${b.toFixed(1)} (${gb(b)}) |`);
  }
}
