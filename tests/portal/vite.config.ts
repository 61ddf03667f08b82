import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { resolve } from 'node:path';

const root = import.meta.dirname;

// The demo declaration portal: three pages, bundled offline (no CDN).
export default defineConfig({
  root,
  base: './',
  plugins: [vue()],
  logLevel: 'warn',
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      onwarn(w, warn) {
        if (w.code === 'MODULE_LEVEL_DIRECTIVE') return; // antd's "use client"
        warn(w);
      },
      input: {
        index: resolve(root, 'index.html'),
        detail: resolve(root, 'detail.html'),
        list: resolve(root, 'list.html'),
        antd: resolve(root, 'antd.html'),
      },
    },
  },
});
