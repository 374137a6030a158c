import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web workbench: sources in web/, built into dist/web and served by the same Fastify server.
// `npm run dev` runs Vite with hot reload and proxies the API to the server on :3000.
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Ant Design and ECharts in their own chunks, loaded by the pages that use them.
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/antd') || id.includes('node_modules/@ant-design') || id.includes('node_modules/rc-')) return 'antd';
          if (id.includes('node_modules/react') || id.includes('node_modules/scheduler')) return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000', '/open311': 'http://localhost:3000', '/healthz': 'http://localhost:3000', '/docs': 'http://localhost:3000' },
  },
});
