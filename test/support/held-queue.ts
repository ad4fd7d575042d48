/** A Queue binding that holds what is sent to it (each body, in order), for tests that run the sent steps by hand. */
export function heldQueue<M>(): { queue: Queue<M>; held: M[] } {
  const held: M[] = [];
  const queue = {
    send: async (body: M) => void held.push(body),
    sendBatch: async (messages: Iterable<{ body: M }>) => void held.push(...[...messages].map((m) => m.body)),
  } as unknown as Queue<M>;
  return { queue, held };
}
