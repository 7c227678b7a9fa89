import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebUi } from '../src/api/web-ui.js';
import { tempDir } from './helpers.js';

const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>';
const ASSET = 'console.log("logsift ui");'.repeat(50);

/** An app as buildApp shapes it: the UI registered first, then a plugin that owns `GET /` (the Elasticsearch probe) and an API route. */
async function appWith(dir: string | null): Promise<FastifyInstance> {
  const app = Fastify();
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send({ error: { code: 'not_found' } });
  });
  await registerWebUi(app, { dir });
  await app.register(async (scope) => {
    scope.get('/', async (request, reply) => {
      if ((request.headers.accept ?? '').includes('text/html')) return reply.callNotFound();
      return { tagline: 'You Know, for Search' };
    });
    scope.get('/api/v1/logs', async () => ({ events: [] }));
  });
  await app.ready();
  return app;
}

describe('web UI serving', () => {
  const dir = tempDir('logsift-web-');
  let app: FastifyInstance;
  beforeAll(async () => {
    mkdirSync(join(dir.path, 'assets'));
    writeFileSync(join(dir.path, 'index.html'), INDEX);
    writeFileSync(join(dir.path, 'assets', 'index-abc123.js'), ASSET);
    writeFileSync(join(dir.path, 'assets', 'index-abc123.js.gz'), gzipSync(ASSET));
    app = await appWith(dir.path);
  });
  afterAll(async () => {
    await app.close();
    dir.remove();
  });

  it('gives browsers the app at / and leaves / to other clients (content negotiation)', async () => {
    const html = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['cache-control']).toBe('no-cache');
    expect(html.headers.vary).toMatch(/accept/i);
    expect(html.headers['content-security-policy']).toContain("script-src 'self'");
    expect(html.body).toBe(INDEX);

    const probe = await app.inject({ method: 'GET', url: '/', headers: { accept: 'application/json' } });
    expect(probe.json()).toEqual({ tagline: 'You Know, for Search' });
    const bare = await app.inject({ method: 'GET', url: '/' });
    expect(bare.json()).toEqual({ tagline: 'You Know, for Search' });
    const head = await app.inject({ method: 'HEAD', url: '/', headers: { accept: 'text/html' } });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toMatch(/^text\/html/);
  });

  it('serves index.html for the app routes so links and reloads work, and for browsers on unknown paths', async () => {
    for (const url of ['/logs', '/logs?q=level:error&from=now-1h', '/patterns/0123456789abc', '/incidents/inc-1', '/overview']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
    }
    const api = await app.inject({ method: 'GET', url: '/api/v1/logs', headers: { accept: 'text/html' } });
    expect(api.json()).toEqual({ events: [] });
    // A browser on a path nobody owns gets the app (it says "no such page"); API clients keep their JSON 404.
    const unknown = await app.inject({ method: 'GET', url: '/nope', headers: { accept: 'text/html' } });
    expect(unknown.body).toBe(INDEX);
    for (const [url, accept] of [['/nope', 'application/json'], ['/api/v1/nope', 'text/html']]) {
      const res = await app.inject({ method: 'GET', url, headers: { accept } });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toEqual({ error: { code: 'not_found' } });
    }
    expect((await app.inject({ method: 'POST', url: '/nope', headers: { accept: 'text/html' } })).statusCode).toBe(404);
  });

  it('serves hashed assets with a long immutable cache, pre-compressed when the client accepts gzip', async () => {
    const plain = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(ASSET);
    const gz = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.length).toBeLessThan(ASSET.length / 5);
    const missing = await app.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(missing.statusCode).toBe(404);
  });

  it('serves / to browsers also when no other route owns / (Elasticsearch protocol switched off)', async () => {
    const app2 = Fastify();
    await registerWebUi(app2, { dir: dir.path });
    await app2.ready();
    try {
      const res = await app2.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(INDEX);
      expect((await app2.inject({ method: 'GET', url: '/', headers: { accept: 'application/json' } })).statusCode).toBe(404);
    } finally {
      await app2.close();
    }
  });

  it('explains how to build the UI when it is not built', async () => {
    const bare = await appWith(null);
    try {
      const res = await bare.inject({ method: 'GET', url: '/logs', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('npm run build');
      const probe = await bare.inject({ method: 'GET', url: '/' });
      expect(probe.json()).toEqual({ tagline: 'You Know, for Search' });
    } finally {
      await bare.close();
    }
  });
});
