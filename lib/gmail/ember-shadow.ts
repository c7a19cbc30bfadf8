/**
 * Ember's UI on Gmail's page lives in closed shadow roots: Gmail's scripts (and anything injected
 * into the page's main world) get `null` from `host.shadowRoot`, so they can neither read what the
 * sidebar shows nor click its buttons. Only the content script keeps each root, here.
 *
 * The price of a closed root: events from inside reach listeners outside retargeted to the host,
 * and `composedPath()` stops at it. Code that must know where a key was really typed asks
 * `deepFocus` instead of reading `event.target`.
 */
const roots = new WeakMap<Element, ShadowRoot>();

/** Attaches a closed shadow root to `host` and remembers it for this content script only. */
export function attachClosedShadow(host: HTMLElement): ShadowRoot {
  const root = host.attachShadow({ mode: 'closed' });
  roots.set(host, root);
  return root;
}

/** The root `attachClosedShadow` gave `host`, if any (the content script's own tests read it). */
export function closedShadowOf(host: Element): ShadowRoot | undefined {
  return roots.get(host);
}

/**
 * The element that really has focus when `target` is an Ember host: its root's focused element,
 * through nested roots. Anything else is returned as it is.
 */
export function deepFocus(target: Element): Element {
  let element = target;
  for (let root = roots.get(element); root?.activeElement; root = roots.get(element)) {
    element = root.activeElement;
  }
  return element;
}
