const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export type StopSignalHandlers = {
  /** First SIGINT/SIGTERM/SIGHUP: stop in order. */
  onStop: (signal: NodeJS.Signals) => void;
  /** Any later one (a second Ctrl-C): stop at once. */
  onRepeat: (signal: NodeJS.Signals) => void;
};

/** Listens for stop signals; returns the function that stops listening. */
export function listenForStopSignals(handlers: StopSignalHandlers): () => void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) return handlers.onRepeat(signal);
    received = true;
    handlers.onStop(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  };
}
