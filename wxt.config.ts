import { defineConfig } from 'wxt';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Files copied from npm packages into the build so OCR / PDF work offline. */
function offlineAssets(): Array<{ from: string; to: string }> {
  const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
  const out: Array<{ from: string; to: string }> = [];
  out.push({ from: join(pkgDir('tesseract.js'), 'dist/worker.min.js'), to: 'ocr/worker.min.js' });
  for (const f of [
    'tesseract-core-simd-lstm.wasm.js',
    'tesseract-core-lstm.wasm.js',
    'tesseract-core-relaxedsimd-lstm.wasm.js',
  ]) {
    out.push({ from: join(pkgDir('tesseract.js-core'), f), to: `ocr/core/${f}` });
  }
  // chi_sim reads the page; chi_tra (1.6 MB) only re-reads the 大写: it knows 壹/柒/捌/仟, which chi_sim
  // reads as 过/类/抽/什; eng (2.9 MB) re-reads the values printed in digits (faster and surer there than
  // chi_sim: utils/extract/pipeline.ts's LATIN_VALUES) and confirms a check code
  for (const lang of ['chi_sim', 'chi_tra', 'eng']) {
    out.push({
      from: join(pkgDir(`@tesseract.js-data/${lang}`), '4.0.0_best_int', `${lang}.traineddata.gz`),
      to: `ocr/lang/${lang}.traineddata.gz`,
    });
  }
  out.push({ from: join(pkgDir('pdfjs-dist'), 'build/pdf.worker.min.mjs'), to: 'pdf/pdf.worker.min.mjs' });
  out.push({ from: require.resolve('zxing-wasm/reader/zxing_reader.wasm'), to: 'qr/zxing_reader.wasm' });
  return out;
}

// `--mode e2e` (tests, demo) grants the local demo portal's origin at install;
// the production build only asks for portal origins at run time.
const LOCAL_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];

export default defineConfig({
  // Always .output/chrome-mv3 (the e2e:fill contract loads that folder), whatever the mode.
  outDirTemplate: '{{browser}}-mv{{manifestVersion}}',
  modules: ['@wxt-dev/module-react'],
  manifest: ({ mode }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    permissions: ['sidePanel', 'storage', 'unlimitedStorage', 'contextMenus', 'activeTab', 'scripting', 'tabs'],
    host_permissions: mode === 'e2e' || mode === 'development' ? LOCAL_HOSTS : [],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: '__MSG_extName__' },
    side_panel: { default_path: 'sidepanel.html' },
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
    web_accessible_resources: [],
  }),
  hooks: {
    'build:publicAssets': (_wxt, assets) => {
      for (const { from, to } of offlineAssets()) assets.push({ absoluteSrc: from, relativeDest: to });
    },
  },
});
