import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../../src/api/api-error.ts';
import { VoipbinClient, type ClientOptions } from '../../src/api/client.ts';
import { apiError, useScriptedServer, type ScriptedAnswer } from '../support/scripted-server.ts';
import { virtualTiming } from '../support/virtual-timing.ts';
import { wireNumber } from '../support/wire-number.ts';

const KEY = 'vb_request_id_key_1234';
const ID = '0e2a6ab8-7c8a-4d4e-9f2b-1c1a2b3c4d5e';
/** What VoIPBIN echoes back; anything else it replaces with an id of its own. */
const ECHOED = /^[A-Za-z0-9_-]{1,64}$/;
const clients: VoipbinClient[] = [];
afterEach(async () => {
  while (clients.length) await clients.pop()!.close();
});

async function scripted(answers: ScriptedAnswer[], options: Partial<ClientOptions> = {}) {
  const server = await useScriptedServer(answers);
  const client = new VoipbinClient({
    endpoint: server.url,
    accessKey: KEY,
    ratePerSecond: 0,
    timing: virtualTiming(),
    ...options,
  });
  clients.push(client);
  const sentIds = (): string[] => server.requests.map((r) => r.headers['x-request-id'] as string);
  return { client, sentIds };
}

describe("numform's own X-Request-Id", () => {
  it('goes with every attempt: one stem per call, -1, -2, … per attempt', async () => {
    const unavailable = { status: 503, body: apiError('UNAVAILABLE') };
    const { client, sentIds } = await scripted([unavailable, unavailable, { body: wireNumber() }]);
    await client.getNumber(ID);
    await client.getNumber(ID);
    const ids = sentIds();
    expect(ids).toHaveLength(4);
    for (const id of ids) {
      expect(id).toMatch(/^numform-[A-Z2-7]{16}-\d+$/);
      expect(id).toMatch(ECHOED);
    }
    const stem = (id: string): string => id.replace(/-\d+$/, '');
    expect(ids.map((id) => id.slice(stem(id).length))).toEqual(['-1', '-2', '-3', '-1']);
    expect(new Set(ids.slice(0, 3).map(stem)).size).toBe(1);
    expect(stem(ids[3]!)).not.toBe(stem(ids[0]!));
  });

  it('is named in a network error, which has no answer and so no id of the server', async () => {
    const { client, sentIds } = await scripted([{ reset: true }], { maxRetries: 1 });
    const error = (await client.getNumber(ID).catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    const last = sentIds()[1]!;
    expect(error.requestId).toBe(last);
    expect(error.message).toMatch(new RegExp(`\\(GET /numbers/${ID}, X-Request-Id ${last}\\)$`));
  });

  it("gives way to the server's id when the answer carries one", async () => {
    const { client, sentIds } = await scripted([{ status: 400, body: apiError('INVALID_ID') }]);
    const error = (await client.getNumber(ID).catch((e: unknown) => e)) as ApiError;
    expect(error.details.requestId).toBe('req_scripted');
    expect(error.details.sentRequestId).toBe(sentIds()[0]);
    expect(error.message).toMatch(/, request_id req_scripted\)$/);
  });
});
