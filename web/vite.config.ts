import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './scripts/precompress.ts';

const root = import.meta.dirname;

export default defineConfig({
  root,
  plugins: [react(), precompress()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  build: {
    outDir: `${root}/dist`,
    emptyOutDir: true,
    target: 'es2022',
    // React and TanStack Query go in their own chunks: every page needs them and they change far less
    // often than the app, so browsers keep them cached across releases. antd is left to the bundler,
    // which splits it by use: one antd chunk holding every component made the login page load
    // 523 kB gzip where its own components need far less (issue 19, bench/README.md). The one chunk
    // above vite's 500 kB warning is echarts (≈ 550 kB), loaded only by the chart cards.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
