#!/usr/bin/env node
/**
 * Demo portal server: static files from dist/ (and optional extra roots) plus a small JSON API
 * that records what save-draft and submit received.
 *   node tests/portal/server.mjs [--port 5175]     (PORT env works too; 0 = any free port)
 * Also importable: `const portal = await startPortal({ port: 0 }); portal.url; portal.received(); await portal.close()`.
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
};

/**
 * @param {{ port?: number, host?: string, roots?: Record<string,string> }} opts
 *   roots: extra URL prefixes → folders, e.g. { '/pages/': 'tests/fill-pages' }
 */
export async function startPortal(opts = {}) {
  const dist = join(HERE, 'dist');
  await stat(join(dist, 'index.html')).catch(() => {
    throw new Error('演示网站尚未构建：请先运行 npm run portal:build');
  });
  const roots = Object.entries({ ...(opts.roots ?? {}), '/': dist });
  /** @type {Array<{id:number, kind:'draft'|'submit', at:string, applicant:any, rows:any[]}>} */
  const records = [];
  let seq = 1000;

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname.replace(/^\/portal(?=\/)/, '');
      if (path.startsWith('/api/')) return await api(path, req, res);
      for (const [prefix, dir] of roots) {
        if (!path.startsWith(prefix)) continue;
        let rel = decodeURIComponent(path.slice(prefix.length)) || 'index.html';
        if (rel.endsWith('/')) rel += 'index.html';
        const file = normalize(join(resolve(dir), rel));
        if (!file.startsWith(resolve(dir))) break;
        const body = await readFile(file).catch(() => null);
        if (!body) continue;
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        return res.end(body);
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('未找到页面');
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(String(e));
    }
  });

  async function api(path, req, res) {
    const json = (code, body) => res.writeHead(code, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    if (req.method === 'GET' && path === '/api/declarations') return json(200, records);
    if (req.method === 'POST' && path === '/api/reset') {
      records.length = 0;
      return json(200, { ok: true });
    }
    if (req.method === 'POST' && (path === '/api/draft' || path === '/api/submit')) {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        return json(400, { error: '请求格式错误' });
      }
      const rec = { id: ++seq, kind: path === '/api/submit' ? 'submit' : 'draft', at: new Date().toISOString(), applicant: body.applicant, rows: body.rows ?? [] };
      records.push(rec);
      return json(200, { ok: true, id: rec.id });
    }
    return json(404, { error: '未知接口' });
  }

  await new Promise((r) => server.listen(opts.port ?? 5175, opts.host ?? '127.0.0.1', r));
  const addr = server.address();
  const url = `http://${opts.host ?? '127.0.0.1'}:${typeof addr === 'object' && addr ? addr.port : opts.port}/`;
  return {
    url,
    server,
    received: () => records.slice(),
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r(undefined)); }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 5175);
  const portal = await startPortal({ port, roots: { '/pages/': join(HERE, '..', 'fill-pages') } });
  console.log(`演示申报网站已启动 / demo portal: ${portal.url}   (Ctrl+C 退出)`);
}
