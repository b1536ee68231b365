import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic, { type FastifyStaticOptions } from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build -w @weft/link` puts the Link UI and link-initialize.js. */
export const LINK_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../link/dist');

/**
 * Link's Content-Security-Policy: only its own scripts, styles and API, nothing inline. Images
 * may also be data: URLs, because institution logos arrive as base64 PNGs in the session API's
 * answers (as Plaid's `logo` does) and an image can run no code. It may be framed by any page
 * (that is what it is for); it talks to that page only by postMessage with origin checks on both
 * sides.
 */
export const LINK_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  'frame-ancestors *',
].join('; ');

/**
 * Serves the built Link UI at /link (index.html and hashed assets) and /link/link-initialize.js
 * (also at Plaid's /link/v2/stable/link-initialize.js),
 * with the strict CSP on every response. Registered in its own scope so the headers and the static
 * plugin touch nothing else.
 */
export async function linkStaticRoutes(scope: FastifyInstance): Promise<void> {
  scope.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', LINK_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });

  const indexFile = path.join(LINK_DIST, 'index.html');
  if (!fs.existsSync(indexFile)) {
    const missing = async (_req: FastifyRequest, reply: FastifyReply) =>
      reply.code(503).type('text/plain').send('Link is not built: run `npm run build` first.');
    scope.get('/link', missing);
    scope.get('/link/*', missing);
    return;
  }

  const files: FastifyStaticOptions = {
    root: LINK_DIST,
    decorateReply: false,
    index: false,
    cacheControl: false,
    setHeaders(res, file) {
      const name = path.basename(file);
      if (file.includes(`${path.sep}assets${path.sep}`))
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else if (name === 'link-initialize.js') res.setHeader('cache-control', 'public, max-age=300');
      else res.setHeader('cache-control', 'no-cache');
    },
  };
  await scope.register(fastifyStatic, { ...files, prefix: '/link/' });
  // Plaid's CDN path for the same script, so a reverse proxy can map cdn.plaid.com to Weft and
  // apps built with react-plaid-link (which hard-codes that URL) load Weft's Link unchanged.
  await scope.register(fastifyStatic, {
    ...files,
    prefix: '/link/v2/stable/',
    allowedPath: (pathname) => pathname === '/link-initialize.js',
  });
  const html = fs.readFileSync(indexFile, 'utf8');
  for (const url of ['/link', '/link/']) {
    scope.get(url, async (_req, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html),
    );
  }
}
