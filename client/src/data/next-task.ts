/** Callers waiting for the next task, in order: one channel serves them all. */
let waiting: (() => void)[] = [];
let channel: MessagePort | null = null;

/** Resolves in a next task; unlike setTimeout, not throttled to 1 s in a background tab. */
export function nextTask(): Promise<void> {
  if (!channel) {
    const { port1, port2 } = new MessageChannel();
    port1.addEventListener('message', () => {
      const due = waiting;
      waiting = [];
      for (const resolve of due) resolve();
    });
    port1.start();
    // Node (unit tests) would otherwise stay up for the open port.
    (port1 as MessagePort & { unref?: () => void }).unref?.();
    channel = port2;
  }
  const port = channel;
  return new Promise((resolve) => {
    if (waiting.push(resolve) === 1) port.postMessage(null);
  });
}
