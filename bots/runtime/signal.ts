/** A nudge: "something is waiting". Listeners run on the next tick, coalesced; they never throw into the nudger. */
export interface Signal {
  nudge(): void;
  /** Returns the unsubscribe function. */
  listen(listener: () => void): () => void;
}

export function signal(): Signal {
  const listeners = new Set<() => void>();
  let isPending = false;
  return {
    nudge() {
      if (isPending || listeners.size === 0) return;
      isPending = true;
      setImmediate(() => {
        isPending = false;
        for (const listener of listeners) listener();
      });
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
