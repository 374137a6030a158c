/**
 * Serves the built web workbench from the same server and port: hashed assets with long caching,
 * and index.html for the app's own routes (anything that is not the API, Open311 or the docs).
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { NotFoundFallback } from './errors.ts';

const SERVER_PREFIXES = ['/api/', '/open311/', '/docs', '/healthz', '/openapi.json'];

/** index.html for the app's own client-side routes: GET, not a server path, no file extension. */
export function webAppFallback(root: string): NotFoundFallback {
  const index = fs.readFileSync(path.join(root, 'index.html'));
  return (req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (req.method !== 'GET' || SERVER_PREFIXES.some((p) => url.startsWith(p)) || path.extname(url) !== '') return false;
    void reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
    return true;
  };
}

export async function serveWebApp(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    setHeaders(res, file) {
      res.raw.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
