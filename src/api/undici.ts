/**
 * The two pieces of undici numform uses, its connection pool and its request, loaded without the
 * rest of the package: undici's entry point also loads fetch, WebSocket, caches and mocks, about
 * half a megabyte of code that every command paid for in start-up time before its first request.
 */
import type { Dispatcher } from 'undici';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import requestOn from 'undici/lib/api/api-request.js';

/** undici's connection pool (its `Agent`). */
export const Agent = AgentClass;

/** Sends one request through a dispatcher, as undici's `request(url, { dispatcher })` does. */
export function request(
  url: URL,
  options: Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher },
): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  return requestOn.call(dispatcher, { ...rest, origin: url.origin, path: `${url.pathname}${url.search}` });
}
