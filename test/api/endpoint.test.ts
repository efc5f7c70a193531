import { describe, expect, it } from 'vitest';
import { VoipbinClient } from '../../src/api/client.ts';
import { checkEndpoint, DEFAULT_ENDPOINT, isLoopbackHost } from '../../src/api/endpoint.ts';
import { NumformError } from '../../src/errors/numform-error.ts';

function refusal(endpoint: string): NumformError {
  try {
    checkEndpoint(endpoint);
  } catch (error) {
    return error as NumformError;
  }
  throw new Error(`${endpoint} was accepted`);
}

describe('checkEndpoint', () => {
  it('has the public API as its default, which it accepts', () => {
    expect(DEFAULT_ENDPOINT).toBe('https://api.voipbin.net/v1.0');
    expect(checkEndpoint(DEFAULT_ENDPOINT)).toBe(DEFAULT_ENDPOINT);
  });

  it('accepts any https endpoint, dropping trailing slashes', () => {
    expect(checkEndpoint('https://api.example.com/v1.0/')).toBe('https://api.example.com/v1.0');
    expect(checkEndpoint('https://10.0.0.7:8443/v1.0//')).toBe('https://10.0.0.7:8443/v1.0');
  });

  it('builds a client for an https endpoint without sending anything', async () => {
    const client = new VoipbinClient({ endpoint: DEFAULT_ENDPOINT, accessKey: 'vb_x' });
    expect(client.requestsSent).toBe(0);
    await client.close();
  });

  it.each([
    'http://127.0.0.1:8080/v1.0',
    'http://127.1.2.3/v1.0',
    'http://localhost:3000/v1.0',
    'http://[::1]:9/v1.0',
  ])('accepts plain http on loopback: %s', (endpoint) => {
    expect(checkEndpoint(endpoint)).toBe(endpoint);
  });

  it.each([
    'http://api.voipbin.net/v1.0',
    'http://127.0.0.1.evil.example/v1.0',
    'http://localhost.evil.example/v1.0',
    'http://10.0.0.1/v1.0',
    'http://[::2]/v1.0',
  ])('refuses plain http off loopback: %s', (endpoint) => {
    const error = refusal(endpoint);
    expect(error.code).toBe('INSECURE_ENDPOINT');
    expect(error.message).toBe(
      `Refusing plain http:// for ${new URL(endpoint).host}: the access key would travel unencrypted.`,
    );
    expect(error.hint).toMatch(/https:\/\/ endpoint.*loopback/);
  });

  it('refuses http://a.127.0.0.1, which URL parsing already rejects (a host ending in a number)', () => {
    expect(refusal('http://a.127.0.0.1/v1.0').code).toBe('BAD_ENDPOINT');
  });

  it.each([
    'http://u:p@127.0.0.1/v1.0',
    'https://user@api.voipbin.net/v1.0',
    'https://:secret@api.voipbin.net/v1.0',
    'https://api.voipbin.net/v1.0?accesskey=vb_x',
    // A bare ? or # parses to an empty query or fragment, but would end every request's path.
    'http://127.0.0.1:8080/v1.0?',
    'http://127.0.0.1:8080/v1.0#',
    'https://api.voipbin.net/v1.0#part',
  ])('refuses credentials, a query or a fragment in the URL: %s', (endpoint) => {
    const error = refusal(endpoint);
    expect(error.code).toBe('BAD_ENDPOINT');
    expect(error.message).toBe(
      'The endpoint must not carry credentials, a query string or a fragment (`?…`, `#…`).',
    );
    expect(error.hint).toMatch(/as a cookie, never in a URL/);
    expect(`${error.message} ${error.hint}`).not.toMatch(/secret|vb_x|u:p/);
  });

  it.each(['ftp://127.0.0.1/v1.0', 'file:///v1.0', 'ws://localhost/v1.0'])(
    'refuses other schemes: %s',
    (endpoint) => {
      const error = refusal(endpoint);
      expect(error.code).toBe('BAD_ENDPOINT');
      expect(error.message).toBe(`The endpoint "${endpoint}" must be http(s).`);
    },
  );

  it.each(['api.voipbin.net/v1.0', '', 'http//127.0.0.1'])('refuses what is not a URL: "%s"', (endpoint) => {
    const error = refusal(endpoint);
    expect(error.code).toBe('BAD_ENDPOINT');
    expect(error.message).toBe(`The endpoint "${endpoint}" is not a URL.`);
    expect(error.hint).toBe('Use the form https://api.voipbin.net/v1.0.');
  });

  it('never quotes a value without the marks of a URL: it may be an access key in the wrong place', () => {
    const error = refusal('vb_live_0123456789abcdef');
    expect(error.code).toBe('BAD_ENDPOINT');
    expect(error.message).toBe(
      'The endpoint given (not shown: it may be an access key pasted in the wrong place) is not a URL.',
    );
  });

  it('redacts the access key from an endpoint it quotes', () => {
    const key = 'vb_live_0123456789abcdef';
    let error: unknown;
    try {
      checkEndpoint(`https//${key}`, [key]);
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toBe('The endpoint "https//[REDACTED]" is not a URL.');
    expect(() => checkEndpoint(`ftp://h/${key}`, [key])).toThrow(
      'The endpoint "ftp://h/[REDACTED]" must be http(s).',
    );
  });
});

describe('isLoopbackHost', () => {
  it.each(['localhost', '::1', '[::1]', '127.0.0.1', '127.255.0.9', '127.0.10.255'])(
    '%s is loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each([
    '127.0.0.1.evil.example',
    'a.127.0.0.1',
    '127.0.0',
    '127.0.0.1x',
    'x127.0.0.1',
    '128.0.0.1',
    'localhost.',
    '::1]x',
    'mylocalhost',
    '::',
    '::[1]',
    '[::]1',
  ])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
