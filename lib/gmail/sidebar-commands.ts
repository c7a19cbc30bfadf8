/**
 * Commands to the open sidebar (the Gmail shortcuts Shift+A and Shift+D), from Ember's content
 * script to its Gmail UI script. Both run in Ember's isolated world, so the channel lives on that
 * world's global object, which Gmail's page cannot reach. A DOM event on `document` would be one
 * the page could dispatch too: an audit advanced a deal from the main world that way (issue 17).
 */
export type SidebarCommand = 'advance' | 'insert-draft';

type Listeners = Map<SidebarCommand, Set<() => void>>;

/** Per realm: the isolated world's registry is not the page's. */
const CHANNEL = Symbol.for('ember.sidebar-commands');

function listeners(): Listeners {
  const world = globalThis as unknown as Record<symbol, Listeners | undefined>;
  return (world[CHANNEL] ??= new Map<SidebarCommand, Set<() => void>>());
}

export function sendSidebarCommand(command: SidebarCommand): void {
  for (const listener of [...(listeners().get(command) ?? [])]) listener();
}

/** Calls `listener` on every `command`; returns the unsubscribe. */
export function onSidebarCommand(command: SidebarCommand, listener: () => void): () => void {
  const all = listeners();
  const set = all.get(command) ?? new Set();
  set.add(listener);
  all.set(command, set);
  return () => set.delete(listener);
}
