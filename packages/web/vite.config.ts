import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The node serves dist/ on the same origin as /api, so the UI only ever uses relative URLs.
// In development `vite` proxies /api to a node on its default port.
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:4000', changeOrigin: false } },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1200 },
});
