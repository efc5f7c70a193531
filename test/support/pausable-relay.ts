import { createServer, connect, type Server, type Socket } from 'node:net';

/** Runs `stop` when the test is over, passed or failed (the test context's `onTestFinished`). */
export type Defer = (stop: () => void | Promise<void>) => void;

/** A relay in front of a server on 127.0.0.1, stopped when the test is over. */
export interface PausableRelay {
  port: number;
  /** Holds every client-to-server byte for `ms` from now, then delivers it in order. */
  pause: (ms: number) => void;
  /** When the client wrote each request (its request line reached the relay), in ms since the epoch. */
  requestTimes: number[];
}

/**
 * A TCP relay that can pause the network from the client to the server. Bytes of a connection the
 * client closed meanwhile are still delivered, as a real network delivers what was written before
 * the client gave up.
 */
export async function startPausableRelay(targetPort: number, defer: Defer): Promise<PausableRelay> {
  const sockets = new Set<Socket>();
  const requestTimes: number[] = [];
  let heldUntil = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let lastDue = 0;
    client.on('data', (chunk: Buffer) => {
      const now = Date.now();
      if (/^(GET|PUT|POST|DELETE) /m.test(chunk.toString('latin1'))) requestTimes.push(now);
      const due = Math.max(now, heldUntil, lastDue);
      lastDue = due;
      setTimeout(() => upstream.write(chunk), due - now);
    });
    upstream.pipe(client);
    const drop = (): void => {
      setTimeout(
        () => {
          client.destroy();
          upstream.destroy();
        },
        Math.max(0, lastDue - Date.now()) + 50,
      );
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    port: (server.address() as { port: number }).port,
    pause: (ms) => {
      heldUntil = Date.now() + ms;
    },
    requestTimes,
  };
}
