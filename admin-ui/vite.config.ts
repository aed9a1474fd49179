// The staff console's build: a react-admin single-page app, bundled into admin-ui/dist, which the API serves at /.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000, sourcemap: false },
  // `npm run console:dev` serves the console with hot reload and sends /api to a running engine.
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000' } },
});
