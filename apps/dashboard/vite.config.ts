import { defineConfig } from 'vite';

// Served by Weft: the page at `/dashboard`, its files under `/dashboard/assets/`. Nothing may be
// inlined, because the page runs under a CSP without 'unsafe-inline'.
export default defineConfig({
  base: '/dashboard/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
