import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The Link UI, served by Weft at /link under a strict CSP: nothing may be inlined into the HTML
// (no inline scripts or styles, no data: assets), so every asset is a separate, hashed file.
export default defineConfig({
  base: '/link/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
