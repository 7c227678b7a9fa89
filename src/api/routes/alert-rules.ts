import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ANOMALY_KINDS, LogsiftError, SEVERITIES } from '../../model/index.js';
import type { AlertRule } from '../../store/index.js';
import { parseRuleInput } from '../../notify/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_BODY_SCHEMA } from '../errors.js';
import { writer } from './intelligence-views.js';

const RULE_FIELDS = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  enabled: { type: 'boolean', description: 'Default true.' },
  services: { type: 'array', items: { type: 'string' }, description: 'Incidents touching any of these services; empty = any.' },
  minSeverity: { type: 'string', enum: [...SEVERITIES], description: 'Lowest severity that matches (default medium).' },
  kinds: { type: 'array', items: { type: 'string', enum: [...ANOMALY_KINDS] }, description: 'Incidents with any of these anomaly kinds; empty = any.' },
  channelIds: { type: 'array', items: { type: 'string' }, description: 'Channels to notify.' },
  renotifyMs: { type: 'integer', minimum: 0, description: 'Send again while open and unacknowledged, ms; 0 never (default 4 h).' },
  notifyResolved: { type: 'boolean', description: 'Also tell when it resolves (default true).' },
} as const;

const RULE_SCHEMA = {
  type: 'object',
  properties: { id: { type: 'string' }, ...RULE_FIELDS, createdAt: { type: 'number' }, updatedAt: { type: 'number' } },
} as const;

const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

function view(r: AlertRule) {
  const { tenant: _tenant, ...rest } = r;
  return rest;
}

/** /api/v1/alert-rules: which incidents (service, severity, kind) go to which channels. */
export async function alertRuleRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const alerts = deps.meta.alerts;
  const invalidate = (tenant: string) => deps.intelligence?.notifier.invalidate(tenant);
  const checkChannels = async (tenant: string, ids: readonly string[]) => {
    for (const id of ids) if ((await alerts.getChannel(tenant, id)) === null) throw new LogsiftError('bad_request', `no channel ${id}`);
  };

  app.get('/api/v1/alert-rules', { schema: { tags: ['alerts'], summary: 'Alert rules', response: { 200: { type: 'object', properties: { rules: { type: 'array', items: RULE_SCHEMA } } } } } }, async (request) => {
    const { tenant } = deps.auth.authenticate(request);
    return { rules: (await alerts.listRules(tenant)).map(view) };
  });

  app.post(
    '/api/v1/alert-rules',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Create an alert rule',
        body: { type: 'object', properties: RULE_FIELDS, required: ['name'], additionalProperties: false },
        response: { 201: RULE_SCHEMA, 400: ERROR_BODY_SCHEMA },
      },
    },
    async (request, reply) => {
      const tenant = writer(deps, request);
      const input = parseRuleInput(request.body);
      await checkChannels(tenant, input.channelIds);
      const now = Date.now();
      const rule: AlertRule = { id: `rule_${randomUUID().slice(0, 8)}`, tenant, ...input, createdAt: now, updatedAt: now };
      await alerts.saveRule(rule);
      invalidate(tenant);
      return reply.code(201).send(view(rule));
    },
  );

  app.get('/api/v1/alert-rules/:id', { schema: { tags: ['alerts'], summary: 'One alert rule', params: ID_PARAMS, response: { 200: RULE_SCHEMA, 404: ERROR_BODY_SCHEMA } } }, async (request) => {
    const { tenant } = deps.auth.authenticate(request);
    const rule = await alerts.getRule(tenant, (request.params as { id: string }).id);
    if (rule === null) throw new LogsiftError('not_found', `no alert rule ${(request.params as { id: string }).id}`);
    return view(rule);
  });

  const update = (replace: boolean) => async (request: FastifyRequest) => {
    const tenant = writer(deps, request);
    const { id } = request.params as { id: string };
    const current = await alerts.getRule(tenant, id);
    if (current === null) throw new LogsiftError('not_found', `no alert rule ${id}`);
    const input = parseRuleInput(request.body, replace ? undefined : current);
    await checkChannels(tenant, input.channelIds);
    const rule: AlertRule = { ...current, ...input, updatedAt: Date.now() };
    await alerts.saveRule(rule);
    invalidate(tenant);
    return view(rule);
  };
  const bodySchema = (required: readonly string[]) => ({ type: 'object', properties: RULE_FIELDS, required, additionalProperties: false });
  app.put('/api/v1/alert-rules/:id', { schema: { tags: ['alerts'], summary: 'Replace an alert rule', params: ID_PARAMS, body: bodySchema(['name']), response: { 200: RULE_SCHEMA, 404: ERROR_BODY_SCHEMA } } }, update(true));
  app.patch('/api/v1/alert-rules/:id', { schema: { tags: ['alerts'], summary: 'Change fields of an alert rule', params: ID_PARAMS, body: bodySchema([]), response: { 200: RULE_SCHEMA, 404: ERROR_BODY_SCHEMA } } }, update(false));

  app.delete('/api/v1/alert-rules/:id', { schema: { tags: ['alerts'], summary: 'Delete an alert rule', params: ID_PARAMS, response: { 204: { type: 'null', description: 'Deleted.' }, 404: ERROR_BODY_SCHEMA } } }, async (request, reply) => {
    const tenant = writer(deps, request);
    if (!(await alerts.deleteRule(tenant, (request.params as { id: string }).id))) throw new LogsiftError('not_found', `no alert rule ${(request.params as { id: string }).id}`);
    invalidate(tenant);
    return reply.code(204).send();
  });
}
