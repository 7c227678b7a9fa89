import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { LogsiftError } from '../../model/index.js';
import type { ChannelRecord } from '../../store/index.js';
import { NOTIFICATION_STATUSES } from '../../store/index.js';
import type { NotificationStatus } from '../../store/index.js';
import { CHANNEL_TYPES, channelFactory } from '../../notify/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_BODY_SCHEMA } from '../errors.js';
import { parseList } from '../query-params.js';
import { intelligence, NOTIFICATION_SCHEMA, notificationView, writer } from './intelligence-views.js';

const CHANNEL_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string', enum: [...CHANNEL_TYPES] },
    enabled: { type: 'boolean' },
    config: { type: 'object', additionalProperties: true, description: 'Secrets (URL tokens, header values) are masked.' },
    createdAt: { type: 'number' },
    updatedAt: { type: 'number' },
  },
} as const;

const CONFIG_DOC =
  'webhook: {url, headers?, timeoutMs?} — POSTs the notification as JSON. slack: {url, channel?, username?, timeoutMs?} — a Slack-compatible incoming webhook.';

const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

function view(c: ChannelRecord) {
  const factory = channelFactory(c.type);
  return { id: c.id, name: c.name, type: c.type, enabled: c.enabled, config: factory.redact(factory.configure(c.config)), createdAt: c.createdAt, updatedAt: c.updatedAt };
}

/** /api/v1/channels: where notifications go (CRUD, and a test button), and the delivery log. */
export async function channelRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const alerts = deps.meta.alerts;
  const invalidate = (tenant: string) => deps.intelligence?.notifier.invalidate(tenant);
  const load = async (tenant: string, id: string) => {
    const c = await alerts.getChannel(tenant, id);
    if (c === null) throw new LogsiftError('not_found', `no channel ${id}`);
    return c;
  };

  app.get('/api/v1/channels', { schema: { tags: ['alerts'], summary: 'Notification channels', response: { 200: { type: 'object', properties: { channels: { type: 'array', items: CHANNEL_SCHEMA } } } } } }, async (request) => {
    const { tenant } = deps.auth.authenticate(request);
    return { channels: (await alerts.listChannels(tenant)).map(view) };
  });

  app.post(
    '/api/v1/channels',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Create a channel',
        description: CONFIG_DOC,
        body: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, type: { type: 'string', enum: [...CHANNEL_TYPES] }, enabled: { type: 'boolean' }, config: { type: 'object', additionalProperties: true } },
          required: ['name', 'type', 'config'],
          additionalProperties: false,
        },
        response: { 201: CHANNEL_SCHEMA, 400: ERROR_BODY_SCHEMA },
      },
    },
    async (request, reply) => {
      const tenant = writer(deps, request);
      const body = request.body as { name: string; type: string; enabled?: boolean; config: Record<string, unknown> };
      const config = channelFactory(body.type).configure(body.config);
      const now = Date.now();
      const channel: ChannelRecord = { id: `ch_${randomUUID().slice(0, 8)}`, tenant, name: body.name, type: body.type, enabled: body.enabled ?? true, config: { ...config }, createdAt: now, updatedAt: now };
      await alerts.saveChannel(channel);
      invalidate(tenant);
      return reply.code(201).send(view(channel));
    },
  );

  app.get('/api/v1/channels/:id', { schema: { tags: ['alerts'], summary: 'One channel', params: ID_PARAMS, response: { 200: CHANNEL_SCHEMA, 404: ERROR_BODY_SCHEMA } } }, async (request) => {
    const { tenant } = deps.auth.authenticate(request);
    return view(await load(tenant, (request.params as { id: string }).id));
  });

  app.patch(
    '/api/v1/channels/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Rename, enable/disable, or change config fields (merged; omitted secrets are kept)',
        params: ID_PARAMS,
        body: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, enabled: { type: 'boolean' }, config: { type: 'object', additionalProperties: true } },
          additionalProperties: false,
        },
        response: { 200: CHANNEL_SCHEMA, 400: ERROR_BODY_SCHEMA, 404: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => {
      const tenant = writer(deps, request);
      const current = await load(tenant, (request.params as { id: string }).id);
      const body = request.body as { name?: string; enabled?: boolean; config?: Record<string, unknown> };
      const config = body.config === undefined ? current.config : { ...channelFactory(current.type).configure({ ...current.config, ...body.config }) };
      const channel: ChannelRecord = { ...current, name: body.name ?? current.name, enabled: body.enabled ?? current.enabled, config, updatedAt: Date.now() };
      await alerts.saveChannel(channel);
      invalidate(tenant);
      return view(channel);
    },
  );

  app.delete('/api/v1/channels/:id', { schema: { tags: ['alerts'], summary: 'Delete a channel (409 while an alert rule uses it)', params: ID_PARAMS, response: { 204: { type: 'null', description: 'Deleted.' }, 404: ERROR_BODY_SCHEMA, 409: ERROR_BODY_SCHEMA } } }, async (request, reply) => {
    const tenant = writer(deps, request);
    const { id } = request.params as { id: string };
    const users = (await alerts.listRules(tenant)).filter((r) => r.channelIds.includes(id));
    if (users.length > 0) throw new LogsiftError('conflict', `channel ${id} is used by alert rule(s) ${users.map((r) => r.name).join(', ')}`, { rules: users.map((r) => r.id) });
    if (!(await alerts.deleteChannel(tenant, id))) throw new LogsiftError('not_found', `no channel ${id}`);
    invalidate(tenant);
    return reply.code(204).send();
  });

  app.post(
    '/api/v1/channels/:id/test',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Send a test notification now; the answer says whether it was delivered (and why not)',
        params: ID_PARAMS,
        response: { 200: NOTIFICATION_SCHEMA, 404: ERROR_BODY_SCHEMA, 409: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => {
      const tenant = writer(deps, request);
      const { id } = request.params as { id: string };
      await load(tenant, id);
      return notificationView(await intelligence(deps).notifier.test(tenant, id));
    },
  );

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['alerts'],
        summary: 'The delivery log, newest first (failed deliveries show here with their last error)',
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', description: `${NOTIFICATION_STATUSES.join(', ')} (comma-separated).` },
            incident: { type: 'string', maxLength: 64 },
            channel: { type: 'string', maxLength: 64 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { notifications: { type: 'array', items: NOTIFICATION_SCHEMA } } }, 400: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const q = request.query as { status?: string; incident?: string; channel?: string; limit: number };
      const statuses = parseList(q.status).map((s) => {
        if (!(NOTIFICATION_STATUSES as readonly string[]).includes(s)) throw new LogsiftError('invalid_query', `unknown status ${JSON.stringify(s)}`);
        return s as NotificationStatus;
      });
      const list = await deps.meta.notifications.listNotifications({ tenant, statuses, incidentId: q.incident ?? null, channelId: q.channel ?? null, limit: q.limit });
      return { notifications: list.map(notificationView) };
    },
  );
}
