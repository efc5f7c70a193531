import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScriptedAnswer } from '../support/scripted-server.ts';
import { useScriptedServer } from '../support/scripted-server.ts';
import { callSim } from '../support/sim-http.ts';
import { useClient, useSimulator } from '../support/simulator.ts';
import { VoipbinClient } from '../../src/api/client.ts';
import type { FaultKind } from '../../src/sim/faults.ts';

// GET /customer holds the customer's webhook signing secret. Whatever the account reads give back,
// as results or as errors, must never carry it: numform never prints, logs or saves it.

const closing: VoipbinClient[] = [];
afterEach(async () => {
  while (closing.length) await closing.pop()!.close();
});

/** Everything an error or a result could show: message, hint, stack, fields, causes. */
function everythingShown(value: unknown): string {
  const shown = [inspect(value, { depth: 20, showHidden: true }), JSON.stringify(value) ?? ''];
  if (value instanceof Error) shown.push(value.message, value.stack ?? '', String(value));
  return shown.join('\n');
}

/**
 * Whether any 12 characters in a row of the secret show: a quote cut short by a length limit
 * still gives most of a secret away.
 */
function showsPartOf(text: string, secret: string): boolean {
  for (let i = 0; i + 12 <= secret.length; i++) if (text.includes(secret.slice(i, i + 12))) return true;
  return false;
}

function expectHidden(value: unknown, secret: string): void {
  const shown = everythingShown(value);
  expect(showsPartOf(shown, secret), shown).toBe(false);
}

/**
 * The simulator's own GET /customer answer with the secret moved first, where a quote of the
 * body's start (errors keep a few hundred characters) would reach it, and the secret.
 */
async function realCustomerAnswer(): Promise<{ text: string; secret: string }> {
  const sim = await useSimulator();
  const res = await callSim(`${sim.url}/customer`);
  const secret = sim.account.state.customer.webhookSecret;
  const { webhook_secret, ...rest } = res.json as Record<string, unknown>;
  expect(webhook_secret).toBe(secret);
  return { text: JSON.stringify({ webhook_secret, ...rest }), secret };
}

describe('the webhook secret', () => {
  it('is in no result of the account reads', async () => {
    const sim = await useSimulator();
    const secret = sim.account.state.customer.webhookSecret;
    const client = useClient(sim);
    const results = [
      await client.getCustomer(),
      await client.getBillingAccount(),
      await client.findAccessKey(),
      await client.readAccountFacts(),
    ];
    expect(results[0]).toEqual({
      id: sim.account.state.customer.id,
      name: 'Simulated customer',
      identityVerification: 'verified',
    });
    expectHidden(results, secret);
  });

  const kinds: FaultKind[] = ['503', 'reset', 'reset-before', '429-bare', 'echo', 'proxy-html'];
  it.each(kinds)('is in no error when the simulator injects %s into GET /customer', async (kind) => {
    const sim = await useSimulator();
    const secret = sim.account.state.customer.webhookSecret;
    sim.faults.add({ kind, method: 'GET', path: '/customer', times: 10 });
    const client = useClient(sim, { maxRetries: 1, maxRateLimitRetries: 1, retryBaseMs: 1 });
    const error = await client.readAccountFacts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expectHidden(error, secret);
  });

  it.each<[string, (text: string) => ScriptedAnswer]>([
    ['cut short', (text) => ({ body: text.slice(0, 80) })],
    [
      'cut short, with HTML around it',
      (text) => ({ headers: { 'content-type': 'text/html' }, body: `<html>${text}` }),
    ],
    ['in a list', (text) => ({ body: `[${text}]` })],
    ['under another key', (text) => ({ body: `{"customer":${text}}` })],
    ['with an id that is not text', (text) => ({ body: text.replace(/"id":"[^"]+"/, '"id":42') })],
    [
      'without its identity status',
      (text) => ({ body: text.replace(/"identity_verification_status":"[^"]+",?/, '') }),
    ],
    ['with a name that is an object', (text) => ({ body: text.replace(/"name":"[^"]+"/, '"name":{"x":1}') })],
    ['as the body of a 502', (text) => ({ status: 502, body: text })],
    ['as the body of a 401', (text) => ({ status: 401, body: text })],
    [
      'as the body of a redirect',
      (text) => ({ status: 302, headers: { location: '/elsewhere' }, body: text }),
    ],
  ])('is in no error when the answer holding it comes %s', async (_, answer) => {
    const { text, secret } = await realCustomerAnswer();
    const server = await useScriptedServer([answer(text)]);
    const client = new VoipbinClient({ endpoint: server.url, accessKey: 'vb_simulator', maxRetries: 0 });
    closing.push(client);
    const error = await client.getCustomer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code: string }).code).toMatch(/^API_/);
    expectHidden(error, secret);
  });

  it('leaves the quotes of other answers as they were', async () => {
    // The guard is for the customer only; other answers keep their quotes, which help diagnose.
    const server = await useScriptedServer([{ body: '{"plan_type": "free", "balance_credit": 1' }]);
    const client = new VoipbinClient({ endpoint: server.url, accessKey: 'vb_simulator', maxRetries: 0 });
    closing.push(client);
    const error = (await client.getBillingAccount().catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('is not valid JSON: {"plan_type": "free", "balance_credit": 1');
  });
});
