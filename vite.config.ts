// Builds the React renderer (src-renderer) into dist/renderer. `base: './'` keeps every asset URL relative, so the
// same build loads from file:// in the Electron window and over http from `syncflow serve`.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Production pages get a strict CSP (the dev server's React Refresh preamble is inline, so only at build). */
const contentSecurityPolicy: Plugin = {
  name: 'syncflow-csp',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: {
        'http-equiv': 'Content-Security-Policy',
        content: [
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data:",
          "connect-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'none'",
        ].join('; '),
      },
      injectTo: 'head-prepend',
    },
  ],
};

export default defineConfig({
  root: fromRoot('./src-renderer'),
  base: './',
  plugins: [react(), contentSecurityPolicy],
  build: {
    outDir: fromRoot('./dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    host: '127.0.0.1',
    // `vite` dev server against a running `syncflow serve`: SYNCFLOW_API=http://127.0.0.1:<port> npx vite
    ...(process.env['SYNCFLOW_API'] ? { proxy: { '/api': { target: process.env['SYNCFLOW_API'] } } } : {}),
  },
});
