#!/usr/bin/env node
// Serves the built explorer on localhost: `node explorer/serve.mjs [folder]` (default explorer/dist). Static files
// only, no dependencies; prints the address once listening.
//
// Port: PORT from the environment if set (0 picks any free port; if that port is taken, one line on stderr and
// exit 1), else 5173 (Vite's default) or, when that is taken, the next free port above it. A port counts as taken
// when it is held on 127.0.0.1 or on ::1, since a browser may resolve `localhost` to either.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_PORT = 5173;
/** Ports tried above the default before asking the system for any free one. */
const TRIES = 50;

const fail = (message) => {
  console.error(`surprisal explorer: ${message}`);
  process.exit(1);
};

const root = process.argv[2] ? resolve(process.argv[2]) : fileURLToPath(new URL('./dist/', import.meta.url));
const rootPrefix = root.endsWith(sep) ? root : root + sep;
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/** PORT from the environment: undefined when unset or empty, else an integer in [0, 65535] (or exit 1). */
function requestedPort() {
  const raw = process.env.PORT;
  if (raw === undefined || raw.trim() === '') return undefined;
  const port = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || port > 65535) {
    fail(
      `PORT=${JSON.stringify(raw)} is not a port number (an integer from 0 to 65535; 0 picks any free port)`,
    );
  }
  return port;
}

const explicit = requestedPort();

try {
  await stat(join(root, 'index.html'));
} catch {
  fail(
    process.argv[2]
      ? `${join(root, 'index.html')} is missing`
      : 'explorer/dist/index.html is missing; run `npm run build && npx vite build explorer`',
  );
}

const server = createServer(async (req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let path;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    res.writeHead(400).end('bad request');
    return;
  }
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  if (!file.startsWith(rootPrefix)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
  }
});

/** Listens on 127.0.0.1:port; resolves with the bound port, or rejects with the listen error. */
function listen(port) {
  return new Promise((done, reject) => {
    const onError = (error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      done(server.address().port);
    });
  });
}

/** Whether another process holds the port on ::1 (IPv6 loopback); false where IPv6 is unavailable. */
function heldOnIpv6(port) {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', (error) => done(error.code === 'EADDRINUSE'));
    probe.listen({ port, host: '::1', ipv6Only: true }, () => probe.close(() => done(false)));
  });
}

/** Binds the port, or returns the error code when it is taken on either loopback address. */
async function tryPort(port) {
  let bound;
  try {
    bound = await listen(port);
  } catch (error) {
    if (error.code === 'EADDRINUSE') return 'EADDRINUSE';
    throw error;
  }
  if (port !== 0 && (await heldOnIpv6(bound))) {
    await new Promise((done) => server.close(done));
    return 'EADDRINUSE';
  }
  return bound;
}

function describeListenError(error, port) {
  if (error.code === 'EACCES')
    return `port ${port} needs privileges to listen on (EACCES); choose a port >= 1024`;
  return `cannot listen on 127.0.0.1:${port}: ${error.message}`;
}

let port;
try {
  if (explicit !== undefined) {
    port = await tryPort(explicit);
    if (port === 'EADDRINUSE') {
      fail(
        `port ${explicit} (from PORT) is in use; free it or set PORT to another port (PORT=0 picks any free one)`,
      );
    }
  } else {
    for (let candidate = DEFAULT_PORT; candidate < DEFAULT_PORT + TRIES; candidate++) {
      port = await tryPort(candidate);
      if (port !== 'EADDRINUSE') break;
    }
    if (port === 'EADDRINUSE') port = await tryPort(0);
    if (port !== DEFAULT_PORT)
      console.log(`surprisal explorer: port ${DEFAULT_PORT} is in use, using ${port}`);
  }
} catch (error) {
  fail(describeListenError(error, explicit ?? DEFAULT_PORT));
}
console.log(`surprisal explorer: http://localhost:${port}/`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
