import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

/** Files worth compressing ahead of time; the server sends `.br`/`.gz` siblings to clients that accept them. */
const COMPRESSIBLE = /\.(js|css|svg|json)$/;

/**
 * Writes `.gz` and `.br` next to every built asset, so the API serves compressed files
 * without compressing on each request (see src/api/web-ui.ts, `preCompressed`).
 */
function precompress(outDir: string): Plugin {
  return {
    name: 'logsift-precompress',
    apply: 'build',
    closeBundle() {
      const assets = join(outDir, 'assets');
      for (const name of readdirSync(assets)) {
        const file = join(assets, name);
        if (!COMPRESSIBLE.test(name) || statSync(file).size < 1024) continue;
        const data = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

const outDir = join(import.meta.dirname, 'dist');

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress(outDir)],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // The explorer route must stay under 300 kB gzip; Vite's warning is about raw size, so set it to match.
    chunkSizeWarningLimit: 700,
  },
  server: {
    // `npm run dev:web` next to `npm start`: the API (and the live-tail WebSocket) on :7171.
    proxy: { '/api': { target: 'http://127.0.0.1:7171', ws: true } },
    // The UI imports the shared vocabulary from ../src/model.
    fs: { allow: ['..'] },
  },
});
