import { describe, expect, it } from 'vitest';
import { LogsiftError } from '../../model/index.js';
import { testMessage } from '../notification-message.js';
import { CHANNEL_FACTORIES, CHANNEL_TYPES } from './registry.js';
import { slackPayload } from './slack-channel.js';

/** Every channel type through its factory contract: validating config, masking secrets, creating a sender. */
describe.each(CHANNEL_TYPES)('channel %s', (type) => {
  const factory = CHANNEL_FACTORIES[type];

  it('validates its config and masks secrets', () => {
    expect(factory.type).toBe(type);
    const config = factory.configure({ url: 'https://hooks.example.com/services/T000/B000/XXXXSECRET' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(JSON.stringify(factory.redact(config))).not.toContain('SECRET');
    expect(() => factory.configure({})).toThrow(LogsiftError);
    expect(() => factory.configure({ url: 'file:///etc/passwd' })).toThrow(/http/);
    expect(() => factory.configure({ url: 'https://x.example', bogus: 1 })).toThrow(/unknown field bogus/);
    expect(() => factory.configure({ url: 'https://x.example', timeoutMs: 5 })).toThrow(/timeoutMs/);
    expect(factory.create({ name: 'n' }, config).type).toBe(type);
  });
});

describe('slack payload', () => {
  it('escapes mrkdwn and puts the log lines in a code block', () => {
    const m = { ...testMessage('t', 'ops <team>', 0), summary: 'a < b & c' };
    const p = slackPayload(m, { channel: null, username: 'logsift' }) as { blocks: { text: { text: string } }[]; username: string };
    const text = p.blocks.map((b) => b.text.text).join('\n');
    expect(text).toContain('ops &lt;team&gt;');
    expect(text).toContain('a &lt; b &amp; c');
    expect(text).toContain('```logsift: example log line');
    expect(p.username).toBe('logsift');
  });
});
