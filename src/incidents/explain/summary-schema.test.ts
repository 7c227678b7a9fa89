import { describe, expect, it } from 'vitest';
import { parseModelAnswer } from './summary-schema.js';

describe('model answer schema', () => {
  it('accepts the JSON object, fenced or with prose around it', () => {
    const body = { summary: 'Payment gateway timeouts since 10:00.', rootCause: 'The gateway is down.', remediation: ['Check the gateway status page', 'Fail over'] };
    expect(parseModelAnswer(JSON.stringify(body))).toEqual(body);
    expect(parseModelAnswer('Here you go:\n```json\n' + JSON.stringify(body) + '\n```')).toEqual(body);
    expect(parseModelAnswer(JSON.stringify({ ...body, rootCause: null, root_cause: undefined }))?.rootCause).toBeNull();
    expect(parseModelAnswer(JSON.stringify({ summary: 's', root_cause: 'r', steps: ['a'] }))).toEqual({ summary: 's', rootCause: 'r', remediation: ['a'] });
  });

  it('refuses anything else', () => {
    for (const bad of ['not json', '{"summary": 3, "rootCause": null, "remediation": []}', '{"summary": "", "rootCause": null, "remediation": []}', '{"summary": "s", "rootCause": null, "remediation": "do it"}', '[1,2]', '{"summary":"s"']) {
      expect(parseModelAnswer(bad)).toBeNull();
    }
  });
});
