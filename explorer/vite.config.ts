import { defineConfig } from 'vite';

// `vite build explorer` builds this page into explorer/dist. The page imports `surprisal` by name, as a user
// would; the name resolves through the package's own exports map (Node's package self-reference) to
// ../dist/index.js, so `npm run build` must run first.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Plot brings d3 and KaTeX its fonts; a page meant to work offline ships them all in one place.
    chunkSizeWarningLimit: 1500,
  },
});
