// Serves the staff console (admin-ui/dist, built by Vite) at the root: its files by name, and index.html for every other
// page so the console's own routes load. A console that has not been built says how to build it.
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from './context';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

// MUI writes its styles at run time, hence 'unsafe-inline' for styles only; scripts come from this origin alone.
const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const NOT_BUILT = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Practice Engine</title></head>
<body><h1>The staff console is not built</h1><p>Run <code>npm run console:build</code> (npm start does it for you), then reload.</p>
<p>The API is at <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/** Mounts the console on `app`. Files are read once, when the first page is asked for. */
export function mountConsole(app: Hono<AppEnv>, distDir: string): void {
  let files: Promise<Map<string, { body: Buffer; type: string }>> | undefined;
  const load = async () => {
    const map = new Map<string, { body: Buffer; type: string }>();
    const paths = await filesUnder(distDir).catch(() => []);
    for (const path of paths) map.set('/' + relative(distDir, path).split('\\').join('/'), { body: await readFile(path), type: TYPES[extname(path)] ?? 'application/octet-stream' });
    return map;
  };
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/api') return next();
    const map = await (files ??= load());
    const file = map.get(c.req.path) ?? map.get('/index.html');
    if (!file) return c.html(NOT_BUILT, 503, SECURITY_HEADERS);
    const immutable = c.req.path.startsWith('/assets/') && map.has(c.req.path);
    return c.body(new Uint8Array(file.body), 200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.type,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  });
}
