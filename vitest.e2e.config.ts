import { defineConfig } from 'vitest/config';

// End-to-end tests in real Chromium (Debian's /usr/bin/chromium) with the built extension.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
