// Entry point of the whole-log search worker (bundled as dist/log-search-worker.js by
// scripts/build.mjs): scans the spool named in workerData and posts progress, then the result.
import { parentPort, workerData } from 'node:worker_threads';
import { scanSpool, type ScanRequest } from './search-scan';

const port = parentPort;
if (port) {
  try {
    const result = scanSpool(workerData as ScanRequest, (p) => port.postMessage({ type: 'progress', ...p }));
    port.postMessage({ type: 'done', ...result });
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error).message });
  }
}
