// Benchmark: `profileTable` on DuckDB (issue #19) against (1) DuckDB running the very same GROUP BY queries
// directly, (2) an exact computation of each entropy in SQL, and (3) pandas + scikit-learn on the same rows
// (value_counts entropies and mutual_info_classif, on a CSV copy, load not timed), all in one run on one generated Parquet table of N rows ×
// 10 columns of mixed types with known dependence; and the peak RSS of the `surprisal profile` command at each N.
// Needs `npm run build`; pandas/pyarrow/scikit-learn from Debian for the peer (skipped without them).
// Run: node bench/profile.mjs [rows...]   (default: 1e6 1e7; PEER_ROWS=1e7 to run the peer at 10^7 too)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckDbSource, profileTable } from '../dist/tables/index.js';

const sizes = (process.argv.slice(2).length ? process.argv.slice(2) : ['1e6', '1e7']).map(Number);
const peerRows = Number(process.env.PEER_ROWS ?? 1e6);
const dir = mkdtempSync(join(tmpdir(), 'surprisal-profile-bench-'));
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** The table: an identifier, categories (5, 50 levels), a boolean, a 10-level integer, three floats (y depends on x), a constant, and a target depending on k and cat5. */
async function generate(n, path) {
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run('SET threads = 2; SELECT setseed(0.42)');
  await con.run(`COPY (
    SELECT i AS id,
      'c' || (hash(i) % 5)::VARCHAR AS cat5,
      'd' || (hash(i * 7 + 1) % 50)::VARCHAR AS cat50,
      (hash(i * 3 + 2) % 10) < 3 AS flag,
      (hash(i * 11 + 5) % 10)::INTEGER AS k,
      sqrt(-2 * ln(random())) * cos(2 * pi() * random()) AS x,
      0.0 AS y, random() AS z, 'same' AS junk,
      CASE WHEN random() < 0.7 THEN 't' || ((hash(i * 11 + 5) % 10) % 3)::VARCHAR ELSE 't' || (hash(i) % 5 % 3)::VARCHAR END AS target
    FROM range(${n}) r(i)
  ) TO '${path}.tmp.parquet' (FORMAT parquet)`);
  await con.run(
    `COPY (SELECT id, cat5, cat50, flag, k, x, x + 0.5 * (sqrt(-2 * ln(random())) * cos(2 * pi() * random())) AS y, z, junk, target FROM read_parquet('${path}.tmp.parquet')) TO '${path}' (FORMAT parquet)`,
  );
  rmSync(`${path}.tmp.parquet`);
  if (n <= peerRows) await con.run(`COPY (SELECT * FROM read_parquet('${path}')) TO '${path}.csv' (HEADER)`);
}

const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];

console.log(
  `# ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, DuckDB (@duckdb/node-api), medians of 3 (one run from 10^7 rows); pandas + scikit-learn up to ${peerRows} rows; ${new Date().toISOString()}, load average ${loadavg()[0].toFixed(1)}`,
);
console.log(
  '| rows | Parquet | surprisal profile --target (s) | same SQL run directly (s) | ratio | max |H − exact| | pandas+sklearn (s) | same ranking of informative columns | peak RSS (MiB) | peak RSS at --memory 256MB (MiB) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const n of sizes) {
  const path = join(dir, `t${n}.parquet`);
  await generate(n, path);
  const src = await duckDbSource(path);
  const opts = { target: 'target', estimator: 'miller-madow' };
  const repeats = n >= 1e7 ? 1 : 3;
  // Ours and the same statements run directly, alternated (a load that drifts hits both alike).
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run(`SET memory_limit = '1GB'; SET temp_directory = '${join(dir, 'direct-spill')}'`);
  const oursTimes = [];
  const directTimes = [];
  let profile;
  for (let r = 0; r < repeats; r++) {
    const before = src.statements.length;
    let t = performance.now();
    profile = await profileTable(src, opts);
    oursTimes.push((performance.now() - t) / 1000);
    const statements = src.statements.slice(before);
    t = performance.now();
    for (const s of statements) await con.runAndReadAll(s);
    directTimes.push((performance.now() - t) / 1000);
  }
  await src.close();
  const ours = { seconds: median(oursTimes), value: profile };
  const direct = { seconds: median(directTimes) };
  // Exact Miller–Madow entropies in SQL (−Σ p ln p + (K − 1)/2N over GROUP BY), for the discrete columns.
  let worst = 0;
  for (const c of ours.value.columns) {
    if (c.type !== 'discrete' || c.entropy === null) continue;
    const r = await con.runAndReadAll(
      `SELECT -sum(c / n * ln(c / n)) + (count(*) - 1) / (2 * any_value(n)) AS h FROM (SELECT count(*)::DOUBLE AS c, sum(count(*)) OVER ()::DOUBLE AS n FROM read_parquet('${path}') WHERE "${c.name}" IS NOT NULL GROUP BY "${c.name}")`,
    );
    worst = Math.max(worst, Math.abs(Number(r.getRows()[0][0]) - c.entropy.value));
  }
  // pandas + scikit-learn on the same file: value_counts entropies and mutual_info_classif of every column with the target.
  // The peer up to 10^7 rows (the sizes; its CSV copy and KSG do not scale to 10^8 here).
  const py =
    n > 1e7
      ? { status: 1 }
      : spawnSync(
          '/usr/bin/python3',
          [fileURLToPath(new URL('profile_pandas.py', import.meta.url)), `${path}.csv`],
          {
            encoding: 'utf8',
            timeout: 900_000,
          },
        );
  let peer = { seconds: Number.NaN, ranking: [] };
  if (py.status === 0) peer = JSON.parse(py.stdout.trim().split('\n').pop());
  // The columns that carry information about the target (our Miller–Madow MI, bias-corrected, above 3 standard
  // errors), in both orders.
  const ranking = ours.value.target.ranking.map((r) => r.column);
  const informative = ours.value.target.ranking
    .filter((r) => r.mutualInformation.value > 3 * r.mutualInformation.stdError)
    .map((r) => r.column);
  const same = peer.ranking.length
    ? JSON.stringify(peer.ranking.slice(0, informative.length)) === JSON.stringify(informative)
    : 'n/a';
  // Peak RSS of the command (DuckDB's memory included: it runs in the process), at the default memory limit
  // (1 GB) and at --memory 256MB.
  const peak = (...extra) => {
    const t = spawnSync(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, cli, 'profile', path, '--target', 'target', '--json', ...extra],
      { encoding: 'utf8' },
    );
    if (t.status !== 0) return Number.NaN;
    return Number(t.stderr.trim().split('\n').pop()) / 1024;
  };
  const rss = peak();
  const rss256 = peak('--memory', '256MB');
  const mb = statSync(path).size / 2 ** 20;
  console.log(
    `| ${n.toExponential(0)} | ${mb.toFixed(0)} MiB | ${ours.seconds.toFixed(2)} | ${direct.seconds.toFixed(2)} | ${(ours.seconds / direct.seconds).toFixed(2)}× | ${worst.toExponential(1)} | ${Number.isNaN(peer.seconds) ? 'n/a' : peer.seconds.toFixed(2)} | ${same} | ${rss.toFixed(0)} | ${rss256.toFixed(0)} |`,
  );
  if (!Number.isNaN(peer.seconds))
    console.log(`<!-- ${n}: ours ${ranking.join(' > ')}; sklearn ${peer.ranking.join(' > ')} -->`);
  rmSync(path);
  rmSync(`${path}.csv`, { force: true });
}
if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
