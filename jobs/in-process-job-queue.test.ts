import { describe } from 'vitest';
import { InProcessJobQueue } from './in-process-job-queue.ts';
import { jobQueueContract } from './job-queue.contract.ts';

describe('InProcessJobQueue', () => {
  jobQueueContract(async (handlers, deadLetters) => {
    const queue = new InProcessJobQueue({ handlers, deadLetters, backoffBaseMs: 5 });
    return { queue, settle: () => queue.drain(), close: () => queue.close() };
  });
});
