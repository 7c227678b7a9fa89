import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface WebUiOptions {
  /** Directory of the built UI (`index.html` and `assets/`, from `vite build`); null when there is none. */
  readonly dir: string | null;
}

/**
 * Paths the single-page app owns. A browser that opens (or reloads) one of them gets
 * `index.html` and the app routes on the client; every other path stays the API's.
 */
export const UI_ROUTES = ['/overview', '/logs', '/patterns', '/anomalies', '/incidents', '/alerts'] as const;

/**
 * Content Security Policy of the app shell: scripts and data only from this origin (plus the
 * live-tail WebSocket); inline styles are allowed because the component library sets CSS
 * variables through style attributes.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>logsift</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>logsift's web UI is not built</h1>
<p>The API is running. Build the UI with <code>npm run build</code> (<code>npm install</code> does it too), then reload this page.</p>
<p>API reference: <a href="/docs">/docs</a></p></body></html>`;

/**
 * Finds `web/dist` of this checkout: this module runs from `src/api/` (tests) or
 * `dist/src/api/` (the built server), so the repository root is a few levels up.
 */
export function findWebDist(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++) {
    const candidate = join(dir, 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    dir = resolve(dir, '..');
  }
  return null;
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/** `/` or `/?…`: a cheap test first, since the hook sees every request (ingest included). */
function isRoot(url: string): boolean {
  return url.length === 1 || url.charCodeAt(1) === 63; /* '?' */
}

async function sendIndex(dir: string | null, reply: FastifyReply): Promise<FastifyReply> {
  let html: string | null = null;
  if (dir !== null) {
    // Read on each navigation (rare, and the OS caches it) so a rebuild is served without a restart.
    html = await readFile(join(dir, 'index.html'), 'utf8').catch(() => null);
  }
  void reply
    .header('content-type', 'text/html; charset=utf-8')
    // The shell must be revalidated so a new build's hashed asset names are picked up.
    .header('cache-control', 'no-cache')
    .header('vary', 'accept')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', CSP);
  return reply.code(html === null ? 404 : 200).send(html ?? NOT_BUILT_PAGE);
}

/**
 * Serves the web UI from the API's own port:
 * - `GET /` with `Accept: text/html` (a browser) gets the app; other clients of `/` (the
 *   Elasticsearch probe) are untouched — content negotiation in a root hook, registered before
 *   the route plugins so it runs ahead of whichever route owns `/`;
 * - the app's own paths (`UI_ROUTES` and below) get `index.html` for client-side routing, and so
 *   does a browser navigating to a path no route owns (outside `/api/`), so a mistyped link
 *   shows the app's "no such page" instead of a JSON error; API clients still get JSON 404s;
 * - `/assets/*` are the hashed build outputs: cached for a year, immutable, served pre-compressed
 *   (`.br`/`.gz` written by the build) to clients that accept it.
 */
export async function registerWebUi(app: FastifyInstance, options: WebUiOptions): Promise<void> {
  const { dir } = options;
  app.addHook('onRequest', (request, reply, done) => {
    // `/`, or a path no route owns outside the API: a browser gets the app (which shows its own "no such page").
    const candidate = isRoot(request.url) || (request.is404 && !request.url.startsWith('/api/'));
    if (candidate && (request.method === 'GET' || request.method === 'HEAD') && wantsHtml(request)) {
      sendIndex(dir, reply).then(
        () => undefined,
        (err: unknown) => done(err as Error),
      );
      return;
    }
    done();
  });

  await app.register(async (scope) => {
    for (const route of UI_ROUTES) {
      scope.get(route, { schema: { hide: true } }, async (_request, reply) => sendIndex(dir, reply));
      scope.get(`${route}/*`, { schema: { hide: true } }, async (_request, reply) => sendIndex(dir, reply));
    }
    if (dir !== null && existsSync(join(dir, 'assets'))) {
      await scope.register(fastifyStatic, {
        root: join(dir, 'assets'),
        prefix: '/assets/',
        decorateReply: false,
        schemaHide: true,
        index: false,
        preCompressed: true,
        immutable: true,
        maxAge: '365d',
      });
    }
  });
}
