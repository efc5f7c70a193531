import { parentPort, workerData } from 'node:worker_threads';
import { checkSources } from './load-config.ts';
import type { SourceFile } from './read-sources.ts';

/**
 * The thread a large configuration is checked on while the main thread reads the account: it
 * sends back the problems and the desired state; the parsed documents stay here and go with it.
 */
const { issues, desired } = checkSources(workerData as SourceFile[]);
parentPort!.postMessage({ issues, desired });
