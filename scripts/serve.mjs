#!/usr/bin/env node
// A small static file server for www/ and the test fixtures: no dependencies,
// loopback only, correct MIME types (application/wasm for streaming
// compilation), no caching surprises, and an optional CORS header for hosting
// the embed cross-origin.
//
// usage: node scripts/serve.mjs [--root DIR] [--port N] [--host 127.0.0.1] [--cors]
// As a module: `const srv = await serve({root, port: 0, cors})` → {url, port, close()}.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Starts a server; resolves to {url, port, close}. `headers(path)` may add response headers. */
export function serve({ root, port = 8080, host = '127.0.0.1', cors = false, headers = () => ({}) }) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      // Prefixed, not resolved against a base: a path starting with `//` would read as a host.
      const url = new URL(`http://${host}${req.url.startsWith('/') ? '' : '/'}${req.url}`);
      let path = normalize(join(base, decodeURIComponent(url.pathname)));
      if (path !== base && !path.startsWith(base + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      let info = await stat(path).catch(() => null);
      if (info?.isDirectory()) {
        path = join(path, 'index.html');
        info = await stat(path).catch(() => null);
      }
      if (!info) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = await readFile(path);
      const h = {
        'content-type': MIME[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...headers(url.pathname),
      };
      if (cors) h['access-control-allow-origin'] = '*';
      res.writeHead(200, h);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      // A malformed %-escape is the client's fault; anything else is logged, so a 500 can be explained.
      if (e instanceof URIError) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
        return;
      }
      console.error(`serve: ${req.method} ${req.url}: ${e?.stack ?? e}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const p = server.address().port;
      ok({ url: `http://${host}:${p}`, port: p, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const root = opt('--root', join(fileURLToPath(new URL('..', import.meta.url)), 'www'));
  const { url } = await serve({ root, port: Number(opt('--port', 8080)), host: opt('--host', '127.0.0.1'), cors: args.includes('--cors') });
  console.log(`lede: serving ${root} at ${url}/  (Ctrl-C to stop)`);
}
