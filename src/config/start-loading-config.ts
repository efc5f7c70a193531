import { Worker } from 'node:worker_threads';
import { invalidConfigError } from './config-error.ts';
import type { LoadedConfig } from './load-config.ts';
import { readConfigFiles, type SourceFile } from './read-sources.ts';
import type { DesiredState } from '../model/desired.ts';
import { sortDiagnostics } from '../errors/diagnostic.ts';

/**
 * From this much text on (about 4,000 numbers) a configuration is checked on a worker thread when
 * numform runs compiled: the parse takes long enough to be worth overlapping with the account
 * read, which would otherwise wait for it. Below it, starting a thread costs more than it saves.
 */
export const WORKER_THRESHOLD_BYTES = 256 * 1024;

/** A configuration being checked: its texts at once, its desired state when the check is done. */
export interface PendingConfig {
  sources: SourceFile[];
  /** Rejects with the INVALID_CONFIG error when the configuration has problems. */
  desired: Promise<DesiredState>;
}

/**
 * Like loadConfig, but a large configuration is parsed and checked on a worker thread, so that
 * requests can be sent meanwhile (reads only: nothing may change before `desired` resolves). Path
 * and read problems, and every problem of a small configuration, still reject at once. This
 * module loads no YAML or schema code: a large configuration's first requests leave without it.
 */
export async function startLoadingConfig(
  paths: readonly string[],
  cwd: string,
  signal?: AbortSignal,
): Promise<PendingConfig> {
  const read = readConfigFiles(paths, cwd);
  const { files, sources, issues } = read;
  const size = sources.reduce((sum, s) => sum + s.text.length, 0);
  // From TypeScript sources (tests, `npm run numform`) a worker could not load the modules.
  if (issues.length > 0 || size < WORKER_THRESHOLD_BYTES || !import.meta.url.endsWith('.js')) {
    const { checkConfigFiles } = await import('./load-config.ts');
    const loaded = checkConfigFiles(read);
    if (!loaded.desired || loaded.issues.length > 0) throw invalidConfigError(loaded.issues, loaded.sources);
    return { sources: loaded.sources, desired: Promise.resolve(loaded.desired) };
  }
  const desired = checkOnWorker(sources, files, signal);
  // Awaited by the plan; if the command fails before that, the outcome no longer matters.
  desired.catch(() => undefined);
  return { sources, desired };
}

/**
 * The check on a worker thread (`check-worker.js` of the build, or `script`); a stop (`signal`)
 * ends it at once, rejecting with the signal's reason.
 */
export function checkOnWorker(
  sources: SourceFile[],
  files: string[],
  signal: AbortSignal | undefined,
  script: URL = new URL('./check-worker.js', import.meta.url),
): Promise<DesiredState> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: sources });
    const stop = (): void => {
      // The reason is what the caller aborted with (a StopRequest for Ctrl-C or SIGTERM).
      reject(signal!.reason as Error);
      void worker.terminate();
    };
    signal?.addEventListener('abort', stop, { once: true });
    // A stop asked for before the check began fires no event.
    if (signal?.aborted) stop();
    const end = (): void => signal?.removeEventListener('abort', stop);
    worker.once('error', (error) => {
      end();
      reject(error);
    });
    worker.once('exit', (code) => {
      end();
      reject(new Error(`the configuration check stopped (exit code ${code})`));
    });
    worker.once('message', (checked: Pick<LoadedConfig, 'issues' | 'desired'>) => {
      end();
      const issues = sortDiagnostics(checked.issues, files);
      if (!checked.desired || issues.length > 0) {
        reject(invalidConfigError(issues, sources, { found: 'while-reading' }));
      } else resolve(checked.desired);
      void worker.terminate();
    });
  });
}
