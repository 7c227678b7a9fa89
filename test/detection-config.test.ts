import { describe, expect, it } from 'vitest';
import { detectorConfigs, loadServerConfig } from '../src/cli/server-config.js';
import { REPO } from './helpers.js';

const load = (flags: Record<string, string | boolean | undefined>, env: Record<string, string> = {}) => loadServerConfig({ dataDir: '/tmp/x', ...flags }, env, null, REPO);

describe('detection, incident and LLM settings', () => {
  it('defaults to detection on with 1-minute windows, no LLM', () => {
    const c = load({});
    expect(c).toMatchObject({ detect: true, detectWindowMs: 60_000, detectLatenessMs: 30_000, detectWarmupMs: 900_000, incidentQuietMs: 1_800_000, llmUrl: null, llmTimeoutMs: 20_000 });
  });

  it('reads flags and environment, and composes per-detector configs', () => {
    const c = load({ detectWindowMs: '2m', sessionKeys: 'request_id,task_id', detectWarmupMs: '1h' }, { LOGSIFT_DETECTORS: '{"rate": {"spikeRatio": 4}}', LOGSIFT_LLM_URL: 'http://localhost:11434/v1', LOGSIFT_LLM_MODEL: 'llama3.1', LOGSIFT_LLM_KEY: 'k' });
    expect(c).toMatchObject({ detectWindowMs: 120_000, llmUrl: 'http://localhost:11434/v1', llmModel: 'llama3.1', llmKey: 'k' });
    expect(detectorConfigs(c)).toMatchObject({ rate: { spikeRatio: 4 }, new_pattern: { warmupMs: 3_600_000 }, sequence: { sessionParams: ['request_id', 'task_id'] } });
  });

  it('fails fast naming the setting and where it came from', () => {
    expect(() => load({ llmUrl: 'http://localhost:11434/v1' })).toThrow(/llmModel.*flag --llm-model|llmUrl is set but llmModel is not/);
    expect(() => load({}, { LOGSIFT_DETECTORS: '{"rate": {"spikeRatio": "high"}}' })).toThrow(/spikeRatio.*environment variable LOGSIFT_DETECTORS/);
    expect(() => load({}, { LOGSIFT_DETECTORS: '{"nope": {}}' })).toThrow(/unknown detector "nope"/);
    expect(() => load({ detectorsOff: 'rate,bogus' })).toThrow(/unknown detector "bogus"/);
    expect(() => load({ sessionPatterns: '(' })).toThrow(/sessionPatterns/);
    expect(() => load({}, { LOGSIFT_DETECTORS: 'not json' })).toThrow(/detectors must be a JSON object/);
  });
});
