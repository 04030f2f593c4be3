/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The built app is embedded into the Go binaries from dist/. public/.gitkeep is copied
// into dist/ on every build so the committed placeholder survives emptyOutDir.
export default defineConfig({
  plugins: [react()],
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev` against a running `commhubd web --addr 127.0.0.1:8787`.
    proxy: { '/rpc': 'http://127.0.0.1:8787', '/events': 'http://127.0.0.1:8787' },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // The shared CI machine can be busy; these are not timing assertions, only a limit.
    testTimeout: 30_000,
  },
});
