#!/usr/bin/env node
/**
 * Demo portal server: static files from dist/ (and optional extra roots) plus a small JSON API
 * that records what save-draft and submit received. Offline, plain node:http, 127.0.0.1 only.
 *
 *   node tests/portal/server.mjs [--port 5175] [--store FILE | --no-store]
 *     PORT env works too; 0 = any free port. By default the command line keeps declarations in
 *     tests/.tmp/portal/declarations.json as well as in memory (survives a restart).
 *
 * API:
 *   POST /api/draft   {applicant, rows}  → {ok, id}     (save draft)
 *   POST /api/submit  {applicant, rows}  → {ok, id}     (submit declaration)
 *   GET  /api/declarations               → [{id, kind:'draft'|'submit', at, applicant, rows}]
 *   POST /api/reset                      → {ok}          (forget everything)
 *
 * Importable (e2e tests):
 *   const portal = await startPortal({ port: 0 });
 *   portal.url            // 'http://127.0.0.1:<port>/'
 *   portal.received()     // copies of the stored records, oldest first
 *   await portal.close()
 */
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.ico': 'image/x-icon',
  '.pdf': 'application/pdf', '.ofd': 'application/octet-stream',
};
const MAX_BODY = 2 * 1024 * 1024;

/**
 * @param {{ port?: number, host?: string, roots?: Record<string,string>, file?: string|null }} opts
 *   roots: extra URL prefixes → folders, e.g. { '/pages/': 'tests/fill-pages' }
 *   file:  JSON file that keeps the declarations across restarts (default: memory only)
 * @returns {Promise<{ url: string, port: number, server: import('node:http').Server,
 *   received(): Array<{id:number, kind:'draft'|'submit', at:string, applicant:any, rows:any[]}>, close(): Promise<void> }>}
 */
export async function startPortal(opts = {}) {
  const dist = join(HERE, 'dist');
  await stat(join(dist, 'index.html')).catch(() => {
    throw new Error('演示网站尚未构建：请先运行 npm run portal:build / the demo portal is not built: run npm run portal:build');
  });
  const roots = Object.entries({ ...(opts.roots ?? {}), '/': dist });
  const file = opts.file ? resolve(opts.file) : null;
  /** @type {Array<{id:number, kind:'draft'|'submit', at:string, applicant:any, rows:any[]}>} */
  const records = [];
  if (file) {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8'));
      if (Array.isArray(saved)) records.push(...saved);
    } catch {
      /* no file yet, or unreadable: start empty */
    }
  }
  let seq = Math.max(1000, ...records.map((r) => Number(r.id) || 0));
  const persist = () => {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file + '.part', JSON.stringify(records, null, 1));
    renameSync(file + '.part', file);
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname.replace(/^\/portal(?=\/)/, '');
      if (path.startsWith('/api/')) return await api(path, req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') return res.writeHead(405).end();
      for (const [prefix, dir] of roots) {
        if (!path.startsWith(prefix)) continue;
        let rel = decodeURIComponent(path.slice(prefix.length)) || 'index.html';
        if (rel.endsWith('/')) rel += 'index.html';
        const base = resolve(dir);
        const target = normalize(join(base, rel));
        if (target !== base && !target.startsWith(base + sep)) break;
        const body = await readFile(target).catch(() => null);
        if (!body) continue;
        res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        return res.end(req.method === 'HEAD' ? undefined : body);
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('未找到页面');
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(e));
    }
  });

  async function api(path, req, res) {
    const json = (code, body) => res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    if (req.method === 'GET' && path === '/api/declarations') return json(200, records);
    if (req.method === 'POST' && path === '/api/reset') {
      records.length = 0;
      persist();
      return json(200, { ok: true });
    }
    if (req.method === 'POST' && (path === '/api/draft' || path === '/api/submit')) {
      let raw = '';
      for await (const chunk of req) {
        raw += chunk;
        if (raw.length > MAX_BODY) return json(413, { error: '请求过大' });
      }
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        return json(400, { error: '请求格式错误' });
      }
      if (!body || typeof body !== 'object' || !Array.isArray(body.rows) || typeof body.applicant !== 'object') {
        return json(400, { error: '缺少申报人或票据明细' });
      }
      const rec = { id: ++seq, kind: path === '/api/submit' ? 'submit' : 'draft', at: new Date().toISOString(), applicant: body.applicant, rows: body.rows };
      records.push(rec);
      persist();
      return json(200, { ok: true, id: rec.id });
    }
    return json(404, { error: '未知接口' });
  }

  const host = opts.host ?? '127.0.0.1';
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 5175, host, () => {
      server.off('error', fail);
      ok(undefined);
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : Number(opts.port);
  return {
    url: `http://${host}:${port}/`,
    port,
    server,
    received: () => JSON.parse(JSON.stringify(records)),
    close: () => new Promise((r) => {
      server.closeAllConnections?.();
      server.close(() => r(undefined));
    }),
  };
}

/** Command-line options shared with tests/demo.mjs: --port N (or PORT env), --store FILE, --no-store. */
export function portalArgs(argv = process.argv.slice(2), env = process.env) {
  const val = (name) => {
    const i = argv.indexOf(name);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(name + '='));
    return eq ? eq.slice(name.length + 1) : undefined;
  };
  const rawPort = val('--port') ?? env.PORT ?? '5175';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`端口无效 / invalid port: ${rawPort}`);
  const file = argv.includes('--no-store') ? null : resolve(val('--store') ?? join(HERE, '..', '.tmp', 'portal', 'declarations.json'));
  return { port, file };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let args;
  try {
    args = portalArgs();
  } catch (e) {
    console.error(String(e.message));
    process.exit(2);
  }
  let portal;
  try {
    portal = await startPortal({ ...args, roots: { '/pages/': join(HERE, '..', 'fill-pages') } });
  } catch (e) {
    if (e.code === 'EADDRINUSE') {
      console.error(`端口 ${args.port} 已被占用：请用 --port 指定其他端口，或 PORT=0 自动选择。\nPort ${args.port} is in use: pass --port N, or PORT=0 for any free port.`);
    } else console.error(String(e.message ?? e));
    process.exit(1);
  }
  console.log(`演示申报网站已启动 / demo portal: ${portal.url}
  已申报记录 / stored declarations: ${portal.url}list.html${args.file ? `\n  记录文件 / store file: ${args.file}` : ''}
  按 Ctrl+C 退出 / Ctrl+C to stop`);
  const stop = () => portal.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
