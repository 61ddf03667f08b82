/**
 * Foundation checks in real Chromium: the side panel speaks Chinese, the content script injects
 * into a page and its iframe on demand, and a typed message round-trips (and a malformed one is refused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension, sendRaw, tabIdOf, SHOTS_DIR, type ExtensionSession } from './harness';

let server: Server;
let base = '';
let session: ExtensionSession;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url?.startsWith('/frame')) res.end('<!doctype html><title>frame</title><label>票据代码 <input id="code"></label>');
    else res.end('<!doctype html><title>top</title><h1>申报</h1><iframe src="/frame.html"></iframe>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  session = await launchWithExtension();
});

afterAll(async () => {
  await session?.close();
  await new Promise((r) => server?.close(r));
});

describe('extension foundation', () => {
  it('loads with a manifest that allows WebAssembly and no remote origins', async () => {
    const panel = await session.openSidePanel();
    const manifest = await panel.evaluate(() => (globalThis as any).chrome.runtime.getManifest());
    expect(manifest.manifest_version).toBe(3);
    const csp: string = manifest.content_security_policy.extension_pages;
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/https?:/);
    expect(manifest.host_permissions ?? []).not.toContain('<all_urls>');
    expect(manifest.side_panel.default_path).toBe('sidepanel.html');
    await panel.close();
  });

  it('renders the side panel in Simplified Chinese even in an English browser', async () => {
    const panel = await session.openSidePanel();
    await panel.waitForSelector('#root *');
    const text = await panel.evaluate(() => document.body.innerText);
    expect(text).toContain('票据');
    // Mostly Chinese: more CJK characters than Latin letters in what the clerk sees.
    const cjk = (text.match(/[\u4e00-\u9fff]/g) ?? []).length;
    const latin = (text.match(/[A-Za-z]/g) ?? []).length;
    expect(cjk).toBeGreaterThan(latin);
    expect(await panel.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    mkdirSync(SHOTS_DIR, { recursive: true });
    await panel.setViewportSize({ width: 420, height: 800 });
    await panel.screenshot({ path: join(SHOTS_DIR, 'sidepanel-empty.png') });
    await panel.close();
  });

  it('injects the content script into the page and its iframe, and pings each frame', async () => {
    const portal = await session.context.newPage();
    await portal.goto(`${base}/`);
    await portal.frameLocator('iframe').locator('#code').waitFor();
    const panel = await session.openSidePanel();
    const tabId = await tabIdOf(panel, base);

    const reply = await sendRaw(panel, 'injectContentScript', { tabId });
    expect(reply.err).toBeUndefined();
    expect(reply.res.ok).toBe(true);
    expect(reply.res.frames).toBe(2);

    const pings = await Promise.all(
      reply.res.frameIds.map((frameId: number) => sendRaw(panel, 'ping', {}, { tabId, frameId })),
    );
    const frames = pings.map((p) => p.res.frame).sort();
    expect(frames).toEqual(['child', 'top']);
    expect(pings.map((p) => p.res.url).sort()).toEqual([`${base}/`, `${base}/frame.html`]);

    // Injecting twice must not break the listeners (guarded double injection).
    const again = await sendRaw(panel, 'injectContentScript', { tabId });
    expect(again.res.ok).toBe(true);
    const ping2 = await sendRaw(panel, 'ping', {}, { tabId, frameId: 0 });
    expect(ping2.res.frame).toBe('top');
    await portal.close();
    await panel.close();
  });

  it('refuses a malformed message with a Chinese error instead of acting on it', async () => {
    const panel = await session.openSidePanel();
    const reply = await sendRaw(panel, 'injectContentScript', { tabId: 'not-a-number' });
    expect(reply.res).toBeUndefined();
    expect(reply.err.message).toContain('消息格式错误');
    await panel.close();
  });
});
