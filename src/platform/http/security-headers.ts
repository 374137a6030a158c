/**
 * Security headers on every response (defence in depth behind the checks of each route): no MIME
 * sniffing, no framing, no referrer leaking query codes, a strict Content-Security-Policy for the web app
 * (scripts and connections to this origin only; Ant Design's CSS-in-JS needs inline styles; photos may be
 * previewed from blob: and data: URLs), and the browser features pages use limited to this origin
 * (camera and position for grid reports and the requester page). Swagger UI at /docs keeps its own needs.
 * HSTS is sent only when the deployment says it is behind HTTPS.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets the headers on one reply; also used where no hook runs (Fastify's frameworkErrors, app.ts). */
export function setSecurityHeaders(req: FastifyRequest, reply: FastifyReply, opts: { https: boolean }): void {
  void reply.header('x-content-type-options', 'nosniff');
  void reply.header('x-frame-options', 'DENY');
  void reply.header('referrer-policy', 'no-referrer');
  void reply.header('permissions-policy', 'geolocation=(self), camera=(self), microphone=(), payment=(), usb=()');
  void reply.header('cross-origin-opener-policy', 'same-origin');
  if (opts.https) void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  // A route may set a stricter policy of its own (photos are served sandboxed).
  if (!req.url.startsWith('/docs') && reply.getHeader('content-security-policy') === undefined)
    void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
}

export function installSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): void {
  app.addHook('onSend', async (req, reply, payload) => {
    setSecurityHeaders(req, reply, opts);
    return payload;
  });
}
