/** The signals whose default action ends a worker, and which reaper's guards listen for. */
export const GUARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

interface Tracker {
  /** reaper's own listeners (both guards, every copy of core): never "someone else". */
  readonly ours: Set<(...args: never[]) => unknown>;
  /** Signals whose foreign listener was removed in the current turn (a `once` that just ran). */
  readonly removedThisTurn: Set<string | symbol>;
  users: number;
  readonly onRemove: (event: string | symbol, listener: unknown) => void;
}

const TRACKER = Symbol.for('reaper.signalTracker');

function trackerOf(process: NodeJS.Process): Tracker {
  const holder = process as unknown as { [TRACKER]?: Tracker };
  let tracker = holder[TRACKER];
  if (!tracker) {
    const created: Tracker = {
      ours: new Set(),
      removedThisTurn: new Set(),
      users: 0,
      onRemove: (event, listener) => {
        if (!GUARDED_SIGNALS.includes(event as NodeJS.Signals)) return;
        if (created.ours.has(listener as never)) return;
        // A signal's listeners run in one synchronous emit: a microtask runs only after all of them.
        created.removedThisTurn.add(event);
        queueMicrotask(() => created.removedThisTurn.delete(event));
      },
    };
    tracker = created;
    Object.defineProperty(holder, TRACKER, { value: tracker, enumerable: false, configurable: true });
  }
  return tracker;
}

/**
 * Listens for the guarded signals ahead of every other listener (so that, when a signal comes, the
 * listeners it will reach are still there to be counted); returns the function that stops.
 */
export function listenFirst(process: NodeJS.Process, listener: (signal: NodeJS.Signals) => void): () => void {
  const tracker = trackerOf(process);
  tracker.ours.add(listener);
  if (tracker.users++ === 0) process.on('removeListener', tracker.onRemove);
  for (const signal of GUARDED_SIGNALS) process.prependListener(signal, listener);
  let listening = true;
  return () => {
    if (!listening) return;
    listening = false;
    for (const signal of GUARDED_SIGNALS) process.off(signal, listener);
    tracker.ours.delete(listener);
    if (--tracker.users === 0) process.off('removeListener', tracker.onRemove);
  };
}

/**
 * Whether code other than reaper handles `signal` as it is being delivered: a listener of its own
 * is registered, or was registered when the signal came and removed itself since (`once`). Called
 * from within a guard's listener. Node takes a signal's default action only when nobody listens:
 * when someone does, the signal is theirs, and a guard must never turn it fatal.
 */
export function handledElsewhere(process: NodeJS.Process, signal: NodeJS.Signals): boolean {
  return trackerOf(process).removedThisTurn.has(signal) || othersListen(process, signal);
}

/** Whether anything besides reaper still listens for `signal` (then re-raising it would not end the process). */
export function othersListen(process: NodeJS.Process, signal: NodeJS.Signals): boolean {
  const tracker = trackerOf(process);
  return process.rawListeners(signal).some((listener) => !tracker.ours.has(unwrap(listener)));
}

/** A `once` listener is stored wrapped; the wrapper names the original as `listener`. */
function unwrap(listener: unknown): never {
  return ((listener as { listener?: unknown }).listener ?? listener) as never;
}
