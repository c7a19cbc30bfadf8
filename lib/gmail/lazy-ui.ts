/**
 * Gmail parses and runs the content script at page load, on every Gmail tab: it holds only what
 * works without UI. The UI (React) is a second script the background runs on request in the same
 * content-script world, where it hands itself over through a slot on that world's global object
 * (Gmail's own page never sees the isolated world's globals).
 */

const SLOT = Symbol.for('ember.gmail-ui');

/** A page idle long enough is told to load the UI within this time anyway (Gmail keeps busy). */
export const IDLE_TIMEOUT_MS = 3_000;

interface Slot {
  provide(ui: unknown): void;
}

type Scope = Record<PropertyKey, unknown>;

export interface LazyUi<Ui> {
  /** The UI, loaded on the first call; a failed load is tried again on the next one. */
  load(): Promise<Ui>;
  /** Loads the UI when the page is next idle, so opening a thread finds it ready. */
  preloadWhenIdle(signal: AbortSignal): void;
}

export interface LazyUiOptions {
  /** Where the slot lives: the content-script world's global object. */
  scope?: object;
  /** Runs `task` when the page is idle; returns its cancellation. */
  whenIdle?: (task: () => void) => () => void;
}

function onIdle(task: () => void): () => void {
  const handle = requestIdleCallback(task, { timeout: IDLE_TIMEOUT_MS });
  return () => cancelIdleCallback(handle);
}

/** `inject` runs the UI script, which calls provideUi() as it runs; it resolves once the script has run. */
export function createLazyUi<Ui>(inject: () => Promise<unknown>, options: LazyUiOptions = {}): LazyUi<Ui> {
  const scope = (options.scope ?? globalThis) as Scope;
  const whenIdle = options.whenIdle ?? onIdle;
  let loading: Promise<Ui> | null = null;

  async function injectOnce(): Promise<Ui> {
    const handed: Ui[] = [];
    const slot: Slot = { provide: (ui) => void handed.push(ui as Ui) };
    scope[SLOT] = slot;
    try {
      await inject();
    } finally {
      if (scope[SLOT] === slot) delete scope[SLOT];
    }
    if (handed.length === 0) throw new Error("Ember's Gmail UI script ran but handed over no UI");
    return handed[0]!;
  }

  const load = () =>
    (loading ??= injectOnce().catch((error: unknown) => {
      loading = null;
      throw error;
    }));

  return {
    load,
    preloadWhenIdle(signal) {
      if (signal.aborted) return;
      const cancel = whenIdle(() => {
        signal.removeEventListener('abort', cancel);
        if (!signal.aborted)
          load().catch((error: unknown) => console.warn('Ember could not preload its Gmail UI', error));
      });
      signal.addEventListener('abort', cancel, { once: true });
    },
  };
}

/** Called by the UI script as it runs: hands the UI to the content script that asked for it. */
export function provideUi(ui: unknown, scope: object = globalThis): void {
  ((scope as Scope)[SLOT] as Slot | undefined)?.provide(ui);
}
