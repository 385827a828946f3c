/**
 * The first `limit` items in `compare` order of everything offered, as `sort(compare).slice(0, limit)`
 * would give them (for a total order), in O(n log limit): a heap whose root is the worst kept.
 */
export function boundedBest<T>(limit: number, compare: (a: T, b: T) => number) {
  const heap: T[] = [];
  const worse = (i: number, j: number) => compare(heap[i]!, heap[j]!) > 0;
  const swap = (i: number, j: number) => {
    const item = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = item;
  };
  const down = (from: number) => {
    for (let i = from; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && worse(left, worst)) worst = left;
      if (right < heap.length && worse(right, worst)) worst = right;
      if (worst === i) return;
      swap(i, worst);
      i = worst;
    }
  };
  return {
    offer(item: T): void {
      if (limit <= 0) return;
      if (heap.length < limit) {
        heap.push(item);
        for (let i = heap.length - 1; i > 0 && worse(i, (i - 1) >> 1); i = (i - 1) >> 1)
          swap(i, (i - 1) >> 1);
      } else if (compare(item, heap[0]!) < 0) {
        heap[0] = item;
        down(0);
      }
    },
    sorted: (): T[] => [...heap].sort(compare),
  };
}
