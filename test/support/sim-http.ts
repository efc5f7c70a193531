import { request } from 'undici';
import type { WireErrorEnvelope } from '../../src/api/wire.ts';

/** The access key a simulator accepts unless told otherwise. */
export const SIM_KEY = 'vb_simulator';

/** An answer of the simulator as it came over the wire. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or null when it is empty or not JSON. */
  json: unknown;
}

/**
 * One raw HTTP call with the simulator's key in a cookie (unless `auth: false`), so the
 * simulator's wire behaviour is checked without the client's help. An object body is sent as
 * JSON, a string as it is, and no body at all when absent.
 */
export async function callSim(
  url: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string>; auth?: boolean } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = {
    ...(options.auth === false ? {} : { cookie: `accesskey=${SIM_KEY}` }),
    ...options.headers,
  };
  const res = await request(url, {
    method: (options.method ?? 'GET') as 'GET',
    headers,
    body:
      options.body === undefined
        ? null
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: parseJson(text) };
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

/** The error of an error envelope. */
export function errorOf(answer: RawAnswer): WireErrorEnvelope['error'] {
  return (answer.json as WireErrorEnvelope).error;
}
