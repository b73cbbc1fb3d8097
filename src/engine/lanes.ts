/**
 * Lanes: the items of a batch grouped by what orders them (a business process, a stream), each lane
 * worked in order by one worker, the lanes side by side, so that their appends share group commits.
 */

/** Adds an item at the end of its key's lane (impure: updates `lanes`). */
export function addToLane<K, T>(lanes: Map<K, T[]>, key: K, item: T): void {
  const lane = lanes.get(key);
  if (lane === undefined) lanes.set(key, [item]);
  else lane.push(item);
}

/**
 * Works the lanes with at most `concurrency` workers side by side, each lane by one worker in its
 * order. Once a lane fails no lane starts; the call waits until every worker has stopped and then
 * throws the first failure, so nothing acts on after it returns or throws.
 */
export async function workLanes<T>(
  lanes: Iterable<T[]>,
  concurrency: number,
  work: (lane: T[]) => Promise<void>,
): Promise<void> {
  const pending = [...lanes];
  let failed = false;
  const worker = async (): Promise<void> => {
    try {
      for (let lane = pending.shift(); lane !== undefined && !failed; lane = pending.shift())
        await work(lane);
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  const workers = Math.min(concurrency, pending.length);
  const settled = await Promise.allSettled(Array.from({ length: workers }, worker));
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
}
