import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IncidentTracker, LlmIncidentExplainer, parseIncidentConfig } from '../src/incidents/index.js';
import type { LlmConfig } from '../src/incidents/index.js';
import type { Incident } from '../src/model/index.js';
import { SqliteMetaStore } from '../src/store/index.js';
import { fakeAnomaly } from './intelligence-helpers.js';

type Behaviour = 'good' | 'malformed' | 'garbage' | 'slow' | 'error500' | 'error400' | 'fenced';

/** A tiny OpenAI-compatible chat-completions server whose next answers are scripted. */
class FakeLlm {
  readonly requests: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
  script: Behaviour[] = [];
  fallback: Behaviour = 'good';
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (req.url !== '/v1/chat/completions' || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    this.requests.push({ headers: req.headers, body: JSON.parse(raw) as Record<string, unknown> });
    const b = this.script.shift() ?? this.fallback;
    const answer = { summary: 'Payment gateway timeouts since 10:00 UTC on payment-1.', rootCause: 'The payment gateway stopped answering.', remediation: ['Check the gateway status', 'Fail over to the backup gateway'] };
    const reply = (content: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }));
    switch (b) {
      case 'good':
        return void reply(JSON.stringify(answer));
      case 'fenced':
        return void reply('Sure!\n```json\n' + JSON.stringify(answer) + '\n```');
      case 'malformed':
        return void reply('{"summary": "cut off');
      case 'garbage':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json</html>');
      case 'error500':
        return void res.writeHead(500).end('upstream overloaded');
      case 'error400':
        return void res.writeHead(400).end('{"error": "model not found"}');
      case 'slow':
        await new Promise((r) => setTimeout(r, 1500));
        if (!res.destroyed) reply(JSON.stringify(answer));
    }
  }
}

const incident: Incident = {
  id: 'inc1',
  tenant: 'default',
  title: 'payment: error share 31%',
  status: 'open',
  severity: 'high',
  services: ['payment'],
  hosts: ['payment-1'],
  anomalyIds: ['a1'],
  kinds: ['error_rate'],
  templates: [42],
  leadTemplates: [42],
  openedAt: Date.parse('2026-11-20T10:00:00Z'),
  updatedAt: Date.parse('2026-11-20T10:00:00Z'),
  lastAnomalyAt: Date.parse('2026-11-20T10:01:00Z'),
  lastActivityAt: Date.parse('2026-11-20T10:01:00Z'),
  acknowledgedAt: null,
  resolvedAt: null,
  regressions: 0,
  summary: null,
  timeline: [],
};

describe('LLM explanations over HTTP (OpenAI-compatible chat completions)', () => {
  const llm = new FakeLlm();
  let now = 0;
  const config = (over: Partial<LlmConfig> = {}): LlmConfig => ({
    url: llm.url,
    model: 'test-model',
    apiKey: 'sk-test',
    timeoutMs: 300,
    retries: 2,
    retryDelayMs: 10,
    breakerThreshold: 2,
    breakerCooldownMs: 60_000,
    maxTokens: 500,
    ...over,
  });
  const make = (over: Partial<LlmConfig> = {}) => new LlmIncidentExplainer(config(over), () => now, () => undefined);
  const anomalies = [fakeAnomaly({ id: 'a1' })];

  beforeAll(() => llm.start());
  afterAll(() => llm.stop());
  beforeEach(() => {
    llm.requests.length = 0;
    llm.script = [];
    llm.fallback = 'good';
    now = 0;
  });

  it('asks for a JSON object with the evidence and returns the validated model summary', async () => {
    const s = await make().explain(incident, anomalies);
    expect(s).toMatchObject({ source: 'llm', model: 'test-model', rootCause: 'The payment gateway stopped answering.' });
    expect(s.remediation).toEqual(['Check the gateway status', 'Fail over to the backup gateway']);
    expect(s.highlights.length).toBeGreaterThan(0); // from the evidence, not the model
    const req = llm.requests[0];
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.body).toMatchObject({ model: 'test-model', response_format: { type: 'json_object' } });
    const messages = req.body.messages as { role: string; content: string }[];
    expect(messages[0].role).toBe('system');
    expect(messages[0].content).toContain('rootCause');
    expect(messages[1].content).toContain('Gateway timeout after 30000 ms');
    expect((await make().explain(incident, anomalies)).source).toBe('llm');
    llm.script = ['fenced'];
    expect((await make().explain(incident, anomalies)).source).toBe('llm');
  });

  it('retries 5xx and malformed answers, then succeeds', async () => {
    llm.script = ['error500', 'malformed'];
    const e = make();
    expect((await e.explain(incident, anomalies)).source).toBe('llm');
    expect(llm.requests).toHaveLength(3);
    expect(e.stats()).toMatchObject({ retries: 2, malformed: 1, failures: 0, fallbacks: 0 });
  });

  it('falls back to the built-in summary on malformed JSON, garbage, timeouts and 4xx (not retried)', async () => {
    llm.fallback = 'malformed';
    const e = make({ breakerThreshold: 100 });
    const s = await e.explain(incident, anomalies);
    expect(s.source).toBe('builtin');
    expect(s.summary).toContain('payment');
    expect(llm.requests).toHaveLength(3);
    llm.fallback = 'garbage';
    expect((await e.explain(incident, anomalies)).source).toBe('builtin');
    llm.fallback = 'slow';
    const started = performance.now();
    expect((await e.explain(incident, anomalies)).source).toBe('builtin');
    expect(performance.now() - started).toBeLessThan(1400);
    expect(e.stats().timeouts).toBeGreaterThanOrEqual(3);
    llm.requests.length = 0;
    llm.fallback = 'error400';
    expect((await e.explain(incident, anomalies)).source).toBe('builtin');
    expect(llm.requests).toHaveLength(1);
    expect(e.stats().fallbacks).toBe(4);
  });

  it('opens the circuit breaker after repeated failures (no requests while open) and closes it after a good trial', async () => {
    llm.fallback = 'error500';
    const e = make({ retries: 0 });
    await e.explain(incident, anomalies);
    await e.explain(incident, anomalies);
    expect(e.stats().breaker).toBe('open');
    const before = llm.requests.length;
    expect((await e.explain(incident, anomalies)).source).toBe('builtin');
    expect(llm.requests.length).toBe(before);
    now = 60_000;
    llm.fallback = 'good';
    expect((await e.explain(incident, anomalies)).source).toBe('llm');
    expect(e.stats().breaker).toBe('closed');
    expect(e.stats().breakerOpened).toBe(1);
  });

  it('replaces the built-in summary of a new incident with the model one, noted in the timeline', async () => {
    const meta = new SqliteMetaStore(':memory:', 'process');
    const tracker = new IncidentTracker({ incidents: meta.incidents, anomalies: meta.anomalies, windowMs: 60_000, explainer: make(), warn: () => undefined }, parseIncidentConfig());
    await tracker.start();
    const a = fakeAnomaly({ id: 'x1' });
    await meta.anomalies.insertAnomalies([a]);
    const summaries: string[] = [];
    tracker.onChange((c) => summaries.push(c.incident.summary?.source ?? 'none'));
    await tracker.anomalies('default', [a]);
    await expect.poll(() => summaries.includes('llm'), { timeout: 5000 }).toBe(true);
    const stored = await meta.incidents.listIncidents({ tenant: 'default', statuses: [], severities: [], services: [], from: null, to: null, limit: 1, cursor: null });
    const inc = await tracker.get('default', stored.incidents[0].id);
    expect(inc?.summary).toMatchObject({ source: 'llm', model: 'test-model' });
    expect(inc?.timeline.some((t) => t.kind === 'summary')).toBe(true);
    await tracker.stop();
    await meta.close();
  });
});
