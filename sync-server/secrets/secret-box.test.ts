import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { memoryLog } from '../test-helpers.ts';
import {
  envelopeKeyId,
  generateServerKey,
  open,
  seal,
  SecretBoxError,
  SecretValue,
  type SecretBoxErrorCode,
} from './secret-box.ts';

const key = generateServerKey();
const TOKEN = 'pat-na1-11112222-3333-4444-5555-666677778888';
const context = { workspaceId: 'ws-acme', name: 'hubspot' };

function codeOf(run: () => unknown): SecretBoxErrorCode | 'no error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    expect(error).toBeInstanceOf(SecretBoxError);
    expect((error as Error).message).not.toContain(TOKEN);
    return (error as SecretBoxError).code;
  }
}

describe('secret box', () => {
  it('seals into a versioned envelope and opens it again', () => {
    const envelope = seal(key, TOKEN, context);
    expect(envelope).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+:[\w-]+$/);
    expect(envelope).not.toContain(TOKEN);
    expect(envelopeKeyId(envelope)).toBe(key.id);
    expect(open(key, envelope, context).reveal()).toBe(TOKEN);
    expect(open(key, envelope, context).last4()).toBe('8888');
  });

  it('uses a fresh IV each time', () => {
    expect(seal(key, TOKEN, context)).not.toBe(seal(key, TOKEN, context));
  });

  it('refuses an altered envelope', () => {
    const [version, id, iv, tag, ciphertext] = seal(key, TOKEN, context).split(':');
    const flipped = Buffer.from(ciphertext!, 'base64url');
    flipped[0]! ^= 1;
    const altered = [version, id, iv, tag, flipped.toString('base64url')].join(':');
    expect(codeOf(() => open(key, altered, context))).toBe('tampered');
    expect(codeOf(() => open(key, 'v1:abc', context))).toBe('malformed');
    expect(codeOf(() => open(key, `v2${altered.slice(2)}`, context))).toBe('malformed');
  });

  it('refuses another workspace or credential name (additional data)', () => {
    const envelope = seal(key, TOKEN, context);
    expect(codeOf(() => open(key, envelope, { ...context, workspaceId: 'ws-other' }))).toBe(
      'tampered',
    );
    expect(codeOf(() => open(key, envelope, { ...context, name: 'lemlist' }))).toBe('tampered');
    // No joined-string ambiguity: ("a:b", "c") and ("a", "b:c") are different contexts.
    const tricky = seal(key, TOKEN, { workspaceId: 'a:b', name: 'c' });
    expect(codeOf(() => open(key, tricky, { workspaceId: 'a', name: 'b:c' }))).toBe('tampered');
  });

  it('opens with whichever key of the keyring sealed it, and names an unknown one', () => {
    const other = generateServerKey();
    const envelope = seal(other, TOKEN, context);
    expect(open([key, other], envelope, context).reveal()).toBe(TOKEN);
    expect(codeOf(() => open(key, envelope, context))).toBe('unknown-key');
  });

  it('never prints a key or a plaintext value', () => {
    const value = new SecretValue(TOKEN);
    for (const shown of [
      JSON.stringify({ key, value }),
      inspect({ key, value }, { depth: 5 }),
      `${value}`,
      String(value),
    ]) {
      expect(shown).not.toContain(TOKEN);
      expect(shown).not.toContain(key.bytes.toString('base64'));
      expect(shown).not.toContain(key.bytes.toString('hex'));
    }
    expect(JSON.stringify(key)).toBe(JSON.stringify({ id: key.id }));
  });
});

describe('logs', () => {
  it('a log line holding a sealed or a plain credential does not leak it', () => {
    const { log, lines } = memoryLog();
    const envelope = seal(key, TOKEN, context);
    const opened = open(key, envelope, context);
    log.info({ credential: { ...context, envelope, value: opened } }, 'credential saved');
    log.info({ body: { name: 'hubspot', apiKey: TOKEN, api_key: TOKEN } }, 'request body');
    log.info({ connector: { settings: { token: TOKEN, secret: TOKEN } } }, 'connector settings');
    log.info({ keys: { current: key } }, 'server key loaded');
    log.error({ err: new SecretBoxError('tampered', 'credential "hubspot" does not open') }, 'x');
    const text = JSON.stringify(lines);
    expect(lines).toHaveLength(5);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(TOKEN.slice(8, 30));
    expect(text).not.toContain(key.bytes.toString('base64'));
    expect(text).toContain('[redacted]');
    expect(text).toContain(key.id);
  });
});
