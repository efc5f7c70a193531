import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/api/slots.ts';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Slots', () => {
  it('lets `size` holders in at once and the rest in arrival order as slots are given back', async () => {
    const slots = new Slots(2);
    const order: number[] = [];
    const gives = await Promise.all([slots.take(), slots.take()]);
    const waiting = [2, 3, 4].map((i) => slots.take().then((giveBack) => (order.push(i), giveBack)));
    await turn();
    expect(order).toEqual([]);
    gives[0]();
    await turn();
    expect(order).toEqual([2]);
    gives[1]();
    await turn();
    expect(order).toEqual([2, 3]);
    (await waiting[0]!)();
    await turn();
    expect(order).toEqual([2, 3, 4]);
  });

  it('counts a slot given back twice once', async () => {
    const slots = new Slots(1);
    const giveBack = await slots.take();
    giveBack();
    giveBack();
    await slots.take();
    let second = false;
    void slots.take().then(() => (second = true));
    await turn();
    expect(second).toBe(false);
  });

  it('ends a wait when its signal aborts, and the slot goes to the next in line', async () => {
    const slots = new Slots(1);
    const giveBack = await slots.take();
    const controller = new AbortController();
    const stopped = slots.take(controller.signal);
    let next = false;
    void slots.take().then(() => (next = true));
    const reason = new Error('Ctrl-C');
    controller.abort(reason);
    await expect(stopped).rejects.toBe(reason);
    giveBack();
    await turn();
    expect(next).toBe(true);
  });

  it('after a stop, gives a free slot but refuses to wait for one', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    const slots = new Slots(1);
    await slots.take(controller.signal);
    await expect(slots.take(controller.signal)).rejects.toThrow('stopped');
  });
});
