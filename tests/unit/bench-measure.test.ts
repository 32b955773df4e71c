/** The benchmark's memory and CPU figures cover every process a step starts. */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { processTree } from '../../scripts/bench/measure.ts';

describe('processTree', () => {
  it('includes a child process started from a worker thread (as each search index bundle is)', async () => {
    const worker = new Worker(
      `const { spawn } = require('node:child_process');
       const child = spawn('sleep', ['30'], { stdio: 'ignore' });
       require('node:worker_threads').parentPort.postMessage(child.pid);
       setInterval(() => {}, 1000);`,
      { eval: true },
    );
    const pid = await new Promise<number>((resolve) => worker.once('message', resolve));
    try {
      expect(processTree(process.pid)).toContain(pid);
    } finally {
      process.kill(pid);
      await worker.terminate();
    }
  });
});
