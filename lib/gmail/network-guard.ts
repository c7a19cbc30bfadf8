/**
 * Keeps the content script's requests on Gmail's own origin. InboxSDK runs in this world and, even
 * with `eventTracking: false` and `globalErrorLogging: false`, asks api.inboxsdk.com for an events
 * token and POSTs the errors it logs to api.inboxsdk.com/api/v2/errors (2.2.26: logger.ts,
 * log-error.ts), and can call Google's people API. Ember promises that mail stays in the browser,
 * and needs nothing from this world but mail.google.com (the unread feed): every other request is
 * refused before it is made. It needs no permission, unlike a declarativeNetRequest rule, and covers
 * only this extension's world: Gmail's own requests are Gmail's.
 *
 * Installed before InboxSDK loads; refusals are counted on the page for the end-to-end tests.
 */

/** Attribute on <html>: how many requests the guard refused. */
export const REFUSED_ATTRIBUTE = 'data-ember-refused-requests';

export class RefusedRequestError extends Error {
  constructor(url: string) {
    super(`Ember keeps this page's requests on Gmail: refused ${url}`);
    this.name = 'RefusedRequestError';
  }
}

type Scope = Pick<typeof globalThis, 'XMLHttpRequest' | 'fetch' | 'location' | 'document'>;

export function confineRequests(scope: Scope, allowedOrigin = scope.location.origin): void {
  const allowed = (url: string | URL) => {
    try {
      return new URL(url, scope.location.href).origin === allowedOrigin;
    } catch {
      // Not a URL: the browser itself refuses it.
      return true;
    }
  };
  const refuse = (url: string | URL) => {
    const root = scope.document.documentElement;
    root.setAttribute(REFUSED_ATTRIBUTE, String(Number(root.getAttribute(REFUSED_ATTRIBUTE) ?? 0) + 1));
    return new RefusedRequestError(String(url));
  };

  const prototype = scope.XMLHttpRequest.prototype;
  const open: (this: XMLHttpRequest, ...args: unknown[]) => void = Reflect.get(prototype, 'open') as never;
  Reflect.set(prototype, 'open', function (this: XMLHttpRequest, ...args: unknown[]) {
    const url = args[1] as string | URL;
    if (!allowed(url)) throw refuse(url);
    open.apply(this, args);
  });

  const fetch = scope.fetch;
  scope.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : input;
    if (!allowed(url)) return Promise.reject(refuse(url));
    return fetch(input, init);
  };
}
