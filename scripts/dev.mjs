// `npm run dev`: the API server (port 3000) and Vite with hot reload (port 5173, proxying the API).
import { spawn } from 'node:child_process';

const children = [
  spawn(process.execPath, ['bin/jiesu.js', 'serve'], { stdio: 'inherit', env: { ...process.env, PORT: process.env.PORT ?? '3000' } }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js'], { stdio: 'inherit' }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children)
  c.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
console.log('Dev: open http://localhost:5173 (hot reload); the API runs on http://localhost:3000');
