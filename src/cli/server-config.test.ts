import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { DEFAULT_CONFIG, loadServerConfig } from './server-config.js';

describe('loadServerConfig', () => {
  it('uses defaults, then the config file, then the environment, then flags', () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'logsift.config.json');
      writeFileSync(file, JSON.stringify({ port: 9000, retention: '30d', 'data-dir': 'from-file', demo: true }));
      const cfg = loadServerConfig({ port: '9100' }, { LOGSIFT_RETENTION: '12h', LOGSIFT_MAX_BODY: '1MiB' }, file, dir.path);
      expect(cfg.port).toBe(9100);
      expect(cfg.retentionMs).toBe(12 * 3_600_000);
      expect(cfg.dataDir).toBe(join(dir.path, 'from-file'));
      expect(cfg.demo).toBe(true);
      expect(cfg.maxBodyBytes).toBe(1024 * 1024);
      expect(cfg.host).toBe(DEFAULT_CONFIG.host);
      expect(Object.isFrozen(cfg)).toBe(true);
    } finally {
      dir.remove();
    }
  });

  it('fails fast, naming the setting and where it came from', () => {
    expect(() => loadServerConfig({ retentionMs: 'soon' }, {}, null, '/')).toThrow(/retention .*from flag --retention/);
    expect(() => loadServerConfig({}, { LOGSIFT_PORT: '99999' }, null, '/')).toThrow(/port .*LOGSIFT_PORT/);
    expect(() => loadServerConfig({ durability: 'maybe' }, {}, null, '/')).toThrow(/one of process, power/);
    expect(() => loadServerConfig({ retentionMs: '10m' }, {}, null, '/')).toThrow(/at least 1h/);
    expect(() => loadServerConfig({ maxRecordBytes: '2MiB', maxBodyBytes: '1MiB' }, {}, null, '/')).toThrow(/--max-record \(2097152 bytes\) must not exceed --max-body/);
    const dir = tempDir();
    try {
      const file = join(dir.path, 'bad.json');
      writeFileSync(file, JSON.stringify({ prot: 1 }));
      expect(() => loadServerConfig({}, {}, file, dir.path)).toThrow(/unknown setting "prot"/);
      writeFileSync(file, '{ not json');
      expect(() => loadServerConfig({}, {}, file, dir.path)).toThrow(/cannot read config file/);
    } finally {
      dir.remove();
    }
  });

  it('accepts 0 to keep data forever', () => {
    expect(loadServerConfig({ retentionMs: '0' }, {}, null, '/').retentionMs).toBe(0);
  });
});
