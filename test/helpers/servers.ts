/**
 * Real database servers for the table tests (issue #19): ClickHouse and PostgreSQL from Debian's packages,
 * each started on a free local port with a fresh temporary data directory, in its own process group, and
 * stopped by that group afterwards (never by name). A server that is not installed gives `undefined`, and the
 * tests that need it say so and skip (CI installs both: .ci/run).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  /** Connection URL (http://127.0.0.1:PORT for ClickHouse, postgres://… for PostgreSQL). */
  url: string;
  /** ClickHouse's native TCP port (for remote() between servers); the PostgreSQL port otherwise. */
  port: number;
  stop(): Promise<void>;
}

/** Stops a detached child by its process group: SIGTERM, then SIGKILL after `graceMs`. */
async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
    await exited;
  }
}

async function waitFor(ok: () => Promise<boolean>, what: string, child: ChildProcess, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start in ${ms} ms`);
}

const CLICKHOUSE = '/usr/sbin/clickhouse-server';

/** In CI (.ci/run sets SURPRISAL_REQUIRE_SERVERS=1) a missing server fails the tests instead of skipping them. */
function required(have: boolean, what: string): boolean {
  if (!have && process.env.SURPRISAL_REQUIRE_SERVERS === '1') {
    throw new Error(`${what} is not installed, and SURPRISAL_REQUIRE_SERVERS=1 asks for the engine tests`);
  }
  return have;
}

/** Whether Debian's clickhouse-server is installed. */
export const haveClickHouse = required(existsSync(CLICKHOUSE), CLICKHOUSE);

/** Options of {@link startClickHouse}. */
export interface ClickHouseOptions {
  /** The native TCP port (default: a free one), so that a cluster of servers can be configured before they start. */
  tcp?: number;
  /** A cluster of shards (their native ports on 127.0.0.1) to declare as `remote_servers`, with its name. */
  cluster?: { name: string; shards: number[] };
}

/**
 * A ClickHouse server (Debian's 18.16) on free HTTP and TCP ports with a temporary data directory, or undefined
 * when it is not installed.
 */
export async function startClickHouse(options: ClickHouseOptions = {}): Promise<Server | undefined> {
  if (!haveClickHouse) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'surprisal-clickhouse-'));
  const http = await freePort();
  const tcp = options.tcp ?? (await freePort());
  const cluster = options.cluster
    ? `<remote_servers><${options.cluster.name}>${options.cluster.shards
        .map((p) => `<shard><replica><host>127.0.0.1</host><port>${p}</port></replica></shard>`)
        .join('')}</${options.cluster.name}></remote_servers>`
    : '';
  const config = join(dir, 'config.xml');
  writeFileSync(
    config,
    `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog></logger>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>53687091</mark_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  ${cluster}
</yandex>
`,
  );
  writeFileSync(
    join(dir, 'users.xml'),
    `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`,
  );
  const child = spawn(CLICKHOUSE, [`--config-file=${config}`], {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${http}`;
  const stop = async () => {
    await stopGroup(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await fetch(`${url}/?query=SELECT%201`)).ok, 'clickhouse-server', child);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port: tcp, stop };
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

/** Whether Debian's PostgreSQL 15 server binaries are installed. */
export const havePostgres = required(existsSync(join(PG_BIN, 'postgres')), join(PG_BIN, 'postgres'));

/**
 * A PostgreSQL server: initdb into a temporary directory and postgres on a free port (as the `postgres` system
 * user when run as root, since PostgreSQL refuses root), trust authentication on 127.0.0.1 only.
 */
export async function startPostgres(): Promise<Server | undefined> {
  if (!havePostgres) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'surprisal-postgres-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const root = process.getuid?.() === 0;
  if (root) chmodSync(dir, 0o777);
  const asUser = (cmd: string, args: string[]) =>
    (root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  const [initCmd, initArgs] = asUser(join(PG_BIN, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }
  const [cmd, args] = asUser(join(PG_BIN, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${dir}`,
    '-c',
    'fsync=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'synchronous_commit=off',
  ]);
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    await stopGroup(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const pg = (await import('pg')).default;
    await waitFor(
      async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.end();
        return true;
      },
      'postgres',
      child,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, stop };
}
