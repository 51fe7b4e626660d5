import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ at `/` with an SPA fallback for `/app/*`; assets are requested from
// absolute `/assets/...` paths so that deep links such as /app/cases/:id load them correctly.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
    },
  },
  preview: {
    proxy: {
      '/api': 'http://localhost:3000',
    },
  },
});
