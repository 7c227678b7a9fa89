import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Anomaly, Incident } from '../../model/index.js';
import { META_SCHEMA_VERSION } from './meta-schema.js';
import { SqliteMetaStore } from './sqlite-meta-store.js';

const dir = mkdtempSync(join(tmpdir(), 'logsift-meta-'));

function anomaly(id: string, windowStart: number, over: Partial<Anomaly> = {}): Anomaly {
  return {
    id,
    tenant: 't',
    kind: 'rate_spike',
    service: 'web',
    templateId: 7,
    windowStart,
    windowEnd: windowStart + 60_000,
    detectedAt: windowStart,
    score: 9,
    severity: 'medium',
    title: id,
    evidence: { observed: 1, expected: 0, unit: 'lines/window', series: [], sampleIds: [], samples: [], details: {}, templates: [7], hosts: [], traceIds: [] },
    incidentId: null,
    noise: false,
    ...over,
  };
}

describe('meta.db', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates a version-1 file additively, keeping what it held', async () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.exec('CREATE TABLE miner_snapshots (tenant TEXT PRIMARY KEY, data BLOB NOT NULL, updated_at INTEGER NOT NULL)');
    old.exec('CREATE TABLE template_lineage (tenant TEXT NOT NULL, id INTEGER NOT NULL, ancestor INTEGER NOT NULL, PRIMARY KEY (tenant, id, ancestor)) WITHOUT ROWID');
    old.prepare('INSERT INTO miner_snapshots VALUES (?, ?, ?)').run('t', Buffer.from([1, 2, 3]), 1);
    old.pragma('user_version = 1');
    old.close();
    const meta = new SqliteMetaStore(file, 'process');
    expect(await meta.loadMinerSnapshot('t')).toEqual(new Uint8Array([1, 2, 3]));
    await meta.anomalies.insertAnomalies([anomaly('a', 0)]);
    await meta.close();
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(META_SCHEMA_VERSION);
    check.close();
  });

  it('refuses a file from a newer logsift', () => {
    const file = join(dir, 'new.db');
    const db = new Database(file);
    db.pragma(`user_version = ${META_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqliteMetaStore(file, 'process')).toThrow(/newer/);
  });

  it('pages anomalies newest first and filters incidents by status, severity and service', async () => {
    const meta = new SqliteMetaStore(':memory:', 'process');
    await meta.anomalies.insertAnomalies([anomaly('a1', 1000), anomaly('a2', 2000), anomaly('a3', 2000), anomaly('b1', 2000, { tenant: 'u' })]);
    const q = { tenant: 't', kinds: [], services: [], from: null, to: null, incidentId: null, noise: null, limit: 2, cursor: null };
    const p1 = await meta.anomalies.listAnomalies(q);
    expect(p1.anomalies.map((a) => a.id)).toEqual(['a3', 'a2']);
    const p2 = await meta.anomalies.listAnomalies({ ...q, cursor: p1.nextCursor });
    expect(p2.anomalies.map((a) => a.id)).toEqual(['a1']);
    expect(p2.nextCursor).toBeNull();
    expect((await meta.anomalies.setNoise('t', 'a1', true))?.noise).toBe(true);
    await meta.anomalies.linkAnomalies('t', ['a2'], 'inc');
    expect((await meta.anomalies.listAnomalies({ ...q, incidentId: 'inc' })).anomalies.map((a) => a.id)).toEqual(['a2']);
    const base = (await meta.anomalies.getAnomaly('t', 'a1')) as Anomaly;
    expect(base.evidence.templates).toEqual([7]);
    const incident = (id: string, over: Partial<Incident>): Incident => ({
      id,
      tenant: 't',
      title: id,
      status: 'open',
      severity: 'high',
      services: ['web'],
      hosts: [],
      anomalyIds: [],
      kinds: [],
      templates: [],
      leadTemplates: [],
      openedAt: 0,
      updatedAt: 0,
      lastAnomalyAt: 0,
      lastActivityAt: 0,
      acknowledgedAt: null,
      resolvedAt: null,
      regressions: 0,
      summary: null,
      timeline: [{ ts: 0, kind: 'opened', actor: 'system', text: 'x' }],
      ...over,
    });
    await meta.incidents.saveIncident(incident('i1', { openedAt: 1 }));
    await meta.incidents.saveIncident(incident('i2', { openedAt: 2, status: 'resolved', resolvedAt: 5, severity: 'low', services: ['db', 'web'] }));
    const list = (filter: object) => meta.incidents.listIncidents({ tenant: 't', statuses: [], severities: [], services: [], from: null, to: null, limit: 10, cursor: null, ...filter });
    expect((await list({})).incidents.map((i) => i.id)).toEqual(['i2', 'i1']);
    expect((await list({ statuses: ['resolved'] })).incidents.map((i) => i.id)).toEqual(['i2']);
    expect((await list({ severities: ['high'] })).incidents.map((i) => i.id)).toEqual(['i1']);
    expect((await list({ services: ['db'] })).total).toBe(1);
    expect((await list({})).incidents[0].timeline).toEqual([]);
    expect((await meta.incidents.getIncident('t', 'i1'))?.timeline).toHaveLength(1);
    expect((await meta.incidents.activeIncidents(4)).map((i) => i.id).sort()).toEqual(['i1', 'i2']);
    expect((await meta.incidents.activeIncidents(6)).map((i) => i.id)).toEqual(['i1']);
    const rule = await meta.noiseRules.addNoiseRule({ id: 'r1', tenant: 't', kind: 'rate_spike', service: 'web', templateId: null, anomalyId: null, createdAt: 0, createdBy: 'x' });
    expect((await meta.noiseRules.addNoiseRule({ ...rule, id: 'r2' })).id).toBe('r1');
    expect(await meta.noiseRules.removeNoiseRule('t', 'r1')).toBe(true);
    await meta.close();
  });
});
