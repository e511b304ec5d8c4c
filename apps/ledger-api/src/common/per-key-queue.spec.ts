import { PerKeyQueue } from './per-key-queue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('PerKeyQueue', () => {
  it('runs work of one key one at a time, in arrival order', async () => {
    const queue = new PerKeyQueue();
    const order: string[] = [];
    const gate = deferred();
    const first = queue.run('a', async () => {
      order.push('first started');
      await gate.promise;
      order.push('first done');
    });
    const second = queue.run('a', async () => {
      order.push('second started');
    });
    await Promise.resolve();
    expect(order).toEqual(['first started']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['first started', 'first done', 'second started']);
  });

  it('runs different keys concurrently', async () => {
    const queue = new PerKeyQueue();
    const gate = deferred();
    const blocked = queue.run('a', () => gate.promise);
    const other = await queue.run('b', async () => 'b ran');
    expect(other).toBe('b ran');
    gate.resolve();
    await blocked;
  });

  it('keeps going after a failure, which reaches only its own caller', async () => {
    const queue = new PerKeyQueue();
    const failing = queue.run('a', async () => {
      throw new Error('refused');
    });
    const next = queue.run('a', async () => 'next ran');
    await expect(failing).rejects.toThrow('refused');
    await expect(next).resolves.toBe('next ran');
  });

  it('forgets a key once its work is done', async () => {
    const queue = new PerKeyQueue();
    await queue.run('a', async () => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.size).toBe(0);
  });
});
