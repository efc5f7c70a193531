import type { RateLimiter, RateTicket } from '../../src/api/rate-limiter.ts';

/** A token for a request answered at once (what the transport reports with `settled`). */
export async function take(limiter: RateLimiter, signal?: AbortSignal): Promise<RateTicket> {
  const ticket = await limiter.acquire(signal);
  limiter.settled(ticket);
  return ticket;
}
