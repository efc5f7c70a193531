import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/**
 * One scripted answer. `reset` drops the connection; `stallBody` sends headers and never the body;
 * `dripEveryMs` sends headers, then one byte of the body at that interval, never finishing. A
 * function `body` is called with the request (after it is recorded), for answers that change.
 */
export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: unknown;
  reset?: boolean;
  stallBody?: boolean;
  dripEveryMs?: number;
}

/** A request as the scripted server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

/**
 * An HTTP server on 127.0.0.1:0 that answers requests with the given answers in order (the last
 * one repeats) and records every request. Stopped after the test.
 */
export async function useScriptedServer(
  answers: ScriptedAnswer[],
): Promise<{ url: string; requests: SeenRequest[] }> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = answers[Math.min(requests.length, answers.length) - 1] ?? {};
      if (answer.reset) {
        req.socket.destroy();
        return;
      }
      const body: unknown =
        typeof answer.body === 'function'
          ? (answer.body as (seen: SeenRequest) => unknown)(requests.at(-1)!)
          : answer.body;
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      if (answer.stallBody) {
        res.writeHead(answer.status ?? 200, { 'content-length': '1000', ...answer.headers });
        res.write('{');
        return;
      }
      if (answer.dripEveryMs !== undefined) {
        res.writeHead(answer.status ?? 200, { 'content-length': '1000000', ...answer.headers });
        const timer = setInterval(() => res.write(' '), answer.dripEveryMs);
        res.on('close', () => clearInterval(timer));
        return;
      }
      res.writeHead(answer.status ?? 200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...answer.headers,
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`, requests };
}

/** A VoIPBIN error envelope. */
export function apiError(reason: string, message = 'refused'): { error: Record<string, string> } {
  return { error: { status: 'X', reason, message, request_id: 'req_scripted' } };
}

/** The webhook signing secret `accountReadAnswer`'s customer carries: never to be printed. */
export const SCRIPTED_WEBHOOK_SECRET = 'whsec_scripted_6b1f0c9a2d7e4c85';

/**
 * What a plain, verified, unlimited account answers to planning's account reads (GET /customer,
 * /billing_account, /accesskeys), or undefined for any other request: for scripted servers that
 * are hostile about something else.
 */
export function accountReadAnswer(seen: SeenRequest): unknown {
  const path = seen.url.split('?')[0];
  if (path === '/v1.0/customer') {
    return {
      id: '5e4a0680-804e-11ec-8477-2fea5968d85b',
      name: 'Scripted customer',
      billing_account_id: '7d0e1a10-0000-4000-8000-000000000001',
      metadata: { rtp_debug: false },
      email_verified: true,
      status: 'active',
      identity_verification_status: 'verified',
      tm_deletion_scheduled: null,
      tm_create: '2026-01-01T00:00:00Z',
      tm_update: null,
      tm_delete: null,
      webhook_secret: SCRIPTED_WEBHOOK_SECRET,
    };
  }
  if (path === '/v1.0/billing_account') {
    return {
      id: '7d0e1a10-0000-4000-8000-000000000001',
      customer_id: '5e4a0680-804e-11ec-8477-2fea5968d85b',
      name: '',
      detail: '',
      plan_type: 'unlimited',
      plan_status: 'active',
      balance_credit: 1_000_000_000,
      balance_token: 0,
      payment_type: '',
      payment_method: '',
      tm_last_topup: null,
      tm_next_topup: null,
      tm_create: '2026-01-01T00:00:00Z',
      tm_update: null,
      tm_delete: null,
    };
  }
  if (path === '/v1.0/accesskeys') return { result: [], next_page_token: '' };
  return undefined;
}
