import { defineConfig } from 'vite';

// link-initialize.js: the classic script apps load with <script src>. Built as one IIFE with a
// fixed name (apps reference it by URL), next to the Link UI in dist/.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2019',
    lib: {
      entry: 'src/sdk/link-initialize.ts',
      formats: ['iife'],
      name: 'WeftLinkInitialize',
      fileName: () => 'link-initialize.js',
    },
  },
});
