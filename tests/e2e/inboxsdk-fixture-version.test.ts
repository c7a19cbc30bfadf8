import { describe, expect, test } from 'vitest';
import {
  FIXTURE_PAGE,
  fixtureInboxSdkVersion,
  installedInboxSdkVersion,
  versionMismatch,
} from './inboxsdk-gmail/server';

describe('the synthesized Gmail page and the installed InboxSDK', () => {
  test('the page is dated and names the InboxSDK it was written against: the one installed', () => {
    expect(FIXTURE_PAGE).toMatch(/^\d{4}-\d{2}-\d{2}-gmail\.html$/);
    expect(versionMismatch(fixtureInboxSdkVersion(), installedInboxSdkVersion())).toBeNull();
  });

  test('another version is refused with what to do', () => {
    expect(versionMismatch('2.2.26', '2.3.0')).toBe(
      `tests/e2e/fixtures/inboxsdk-gmail/${FIXTURE_PAGE} was written against @inboxsdk/core 2.2.26, but 2.3.0 ` +
        "is installed. Check what the new version reads from Gmail's page (its source maps name the selectors), " +
        'update the page and gmail-app.js, and save it under a new date.',
    );
  });

  test('a page that names no version is an error', () => {
    expect(() => fixtureInboxSdkVersion('<html></html>')).toThrow('does not say which InboxSDK version');
  });
});
