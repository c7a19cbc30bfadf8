// @vitest-environment jsdom
import { describe, expect, test, vi } from 'vitest';
import { confineRequests, REFUSED_ATTRIBUTE, RefusedRequestError } from '@/lib/gmail/network-guard';

/** A window-like scope on mail.google.com whose XMLHttpRequest and fetch record what reaches them. */
function gmailScope() {
  const opened: string[] = [];
  class RecordingRequest {
    open(_method: string, url: string | URL) {
      opened.push(String(url));
    }
  }
  const fetched: string[] = [];
  const scope = {
    XMLHttpRequest: RecordingRequest as unknown as typeof XMLHttpRequest,
    fetch: vi.fn(async (input: RequestInfo | URL) => {
      fetched.push(input instanceof Request ? input.url : String(input));
      return new Response('ok');
    }),
    location: new URL('https://mail.google.com/mail/u/0/#inbox') as unknown as Location,
    document,
  };
  confineRequests(scope);
  return { scope, opened, fetched };
}

describe('the content world keeps its requests on Gmail', () => {
  test.each([
    ['https://api.inboxsdk.com/api/v2/events/oauth'],
    ['https://api.inboxsdk.com/api/v2/errors'],
    ['https://pubsub.googleapis.com/v1/projects/x/topics/events:publish'],
    ['//people-pa.clients6.google.com/$rpc/x'],
    ['http://mail.google.com/mail/u/0/feed/atom'],
  ])('refuses %s before it is sent, from XMLHttpRequest and fetch', async (url) => {
    const { scope, opened, fetched } = gmailScope();
    const request = new scope.XMLHttpRequest();
    expect(() => request.open('POST', url)).toThrow(RefusedRequestError);
    await expect(scope.fetch(url)).rejects.toThrow(RefusedRequestError);
    await expect(scope.fetch(new Request(new URL(url, 'https://mail.google.com/')))).rejects.toThrow(
      RefusedRequestError,
    );
    expect([opened, fetched]).toEqual([[], []]);
  });

  test.each([['/mail/u/0/feed/atom'], ['https://mail.google.com/sync/u/0/i/fd'], ['?view=om&permmsgid=msg-f:1']])(
    'lets Gmail-origin %s through',
    async (url) => {
      const { scope, opened, fetched } = gmailScope();
      new scope.XMLHttpRequest().open('GET', url);
      await scope.fetch(url);
      expect([opened, fetched]).toEqual([[url], [url]]);
    },
  );

  test('counts what it refused on the page, for the end-to-end tests', async () => {
    document.documentElement.removeAttribute(REFUSED_ATTRIBUTE);
    const { scope } = gmailScope();
    await scope.fetch('https://api.inboxsdk.com/api/v2/errors').catch(() => {});
    await scope.fetch('https://api.inboxsdk.com/api/v2/errors').catch(() => {});
    expect(document.documentElement.getAttribute(REFUSED_ATTRIBUTE)).toBe('2');
  });
});
