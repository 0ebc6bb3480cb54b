// Serves a built site on 127.0.0.1 (a random port) as a static web server would, for Chromium tests.
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves dir on 127.0.0.1 (random port); /at-risk → at-risk.html as Framework's clean URLs expect. */
export function serveStatic(dir: string): Promise<Server> {
  const server = createServer(async (req, res) => {
    const pathname = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname));
    if (pathname.includes('..')) return void res.writeHead(400).end();
    const base = pathname.endsWith('/') ? `${pathname}index` : pathname;
    for (const candidate of extname(base) ? [base] : [`${base}.html`, `${base}/index.html`]) {
      const file = join(dir, candidate);
      if ((await stat(file).catch(() => null))?.isFile()) {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(await readFile(file));
        return;
      }
    }
    res.writeHead(404).end('not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
