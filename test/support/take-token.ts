import type { RateLimiter, RateTicket } from '../../src/api/rate-limiter.ts';

/** A token for a request answered at once (what the transport reports with `answered`). */
export async function take(limiter: RateLimiter, signal?: AbortSignal): Promise<RateTicket> {
  const ticket = await limiter.acquire(signal);
  limiter.answered(ticket);
  return ticket;
}
