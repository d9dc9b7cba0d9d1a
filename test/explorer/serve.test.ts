/**
 * explorer/serve.mjs, the server behind `npm start`: it moves past a taken default port, honours PORT, and refuses
 * a taken or malformed PORT with one line on stderr and exit code 1 (never a stack trace). Each case starts the
 * real script on a temporary folder holding an index.html, so no build is needed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../explorer/serve.mjs', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'surprisal-serve-'));
const page = '<!doctype html><title>serve test</title>';
writeFileSync(join(folder, 'index.html'), page);

const children: ChildProcess[] = [];
const holders: Server[] = [];

afterEach(async () => {
  // Wait for each server to exit, so the next test finds its ports free again.
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done(undefined);
          child.once('exit', done);
          child.kill('SIGTERM');
        }),
    ),
  );
  await Promise.all(holders.splice(0).map((s) => new Promise((done) => s.close(done))));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Holds a port on 127.0.0.1 (0 = any free one) as another dev server would; resolves with the port. */
function occupy(port: number): Promise<number | undefined> {
  return new Promise((done) => {
    const holder = createServer((_, res) => res.end('someone else'));
    holder.once('error', () => done(undefined)); // already held by someone: taken either way
    holder.listen(port, '127.0.0.1', () => {
      holders.push(holder);
      done((holder.address() as { port: number }).port);
    });
  });
}

/** A port that is free right now. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const { port } = s.address() as { port: number };
  await new Promise((done) => s.close(done));
  return port;
}

interface Outcome {
  url?: string;
  stdout: string;
  stderr: string;
  code?: number | null;
}

/** Starts serve.mjs with this PORT (undefined = unset); resolves once it prints its address or exits. */
function serve(port: string | undefined): Promise<Outcome> {
  const env = { ...process.env };
  delete env.PORT;
  if (port !== undefined) env.PORT = port;
  const child = spawn(process.execPath, [script, folder], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((done, reject) => {
    const out: Outcome = { stdout: '', stderr: '' };
    const timer = setTimeout(
      () => reject(new Error(`no address or exit within 10 s: ${JSON.stringify(out)}`)),
      10_000,
    );
    child.stdout.on('data', (chunk) => {
      out.stdout += String(chunk);
      const m = /surprisal explorer: (http:\/\/localhost:\d+\/)\n/.exec(out.stdout);
      if (m) {
        clearTimeout(timer);
        done({ ...out, url: m[1] });
      }
    });
    child.stderr.on('data', (chunk) => {
      out.stderr += String(chunk);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ ...out, code });
    });
  });
}

const portOf = (url: string | undefined) => Number(new URL(url ?? 'http://x:0/').port);

describe('explorer/serve.mjs', { timeout: 20_000 }, () => {
  it('without PORT, moves past a taken 5173 to the next free port and serves the page there', async () => {
    await occupy(5173);
    const got = await serve(undefined);
    expect(got.code, got.stderr).toBeUndefined();
    const port = portOf(got.url);
    expect(port).toBeGreaterThan(5173);
    expect(got.stdout).toContain(`port 5173 is in use, using ${port}`);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(page);
  });

  it('without PORT, also moves past 5173 when the port after it is taken too', async () => {
    await occupy(5173);
    await occupy(5174);
    const got = await serve(undefined);
    expect(got.code, got.stderr).toBeUndefined();
    expect(portOf(got.url)).toBeGreaterThan(5174);
  });

  it('without PORT, counts 5173 as taken when another server holds it on ::1 only (localhost may resolve there)', async () => {
    const holder = createServer();
    const held = await new Promise<boolean>((done) => {
      holder.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'EADDRINUSE'));
      holder.listen({ port: 5173, host: '::1', ipv6Only: true }, () => {
        holders.push(holder);
        done(true);
      });
    });
    if (!held) return; // no IPv6 loopback here: nothing to check
    const got = await serve(undefined);
    expect(portOf(got.url)).toBeGreaterThan(5173);
  });

  it('honours PORT when it is free', async () => {
    const port = await freePort();
    const got = await serve(String(port));
    expect(got.url).toBe(`http://localhost:${port}/`);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe(page);
  });

  it('PORT=0 picks any free port', async () => {
    const got = await serve('0');
    expect(portOf(got.url)).toBeGreaterThan(0);
  });

  it('a taken PORT is one line on stderr and exit code 1, with no fallback and no stack trace', async () => {
    const port = (await occupy(0)) as number;
    const got = await serve(String(port));
    expect(got.code).toBe(1);
    expect(got.url).toBeUndefined();
    expect(got.stderr).toBe(
      `surprisal explorer: port ${port} (from PORT) is in use; free it or set PORT to another port (PORT=0 picks any free one)\n`,
    );
  });

  for (const bad of ['abc', '-1', '70000', '1.5', '0x50']) {
    it(`PORT=${bad} is refused with one line and exit code 1`, async () => {
      const got = await serve(bad);
      expect(got.code).toBe(1);
      expect(got.stderr).toMatch(/^surprisal explorer: PORT="[^"]*" is not a port number[^\n]*\n$/);
    });
  }
});
