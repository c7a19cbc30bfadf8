// @vitest-environment jsdom
import { afterEach, describe, expect, test, vi } from 'vitest';
import { RELOAD_NOTICE_ID, reloadNoticeText, showReloadNotice } from '@/lib/gmail/reload-notice';

afterEach(() => document.body.replaceChildren());

describe('the notice in Gmail tabs open across an install or update', () => {
  test.each([
    ['update', 'Ember was updated. Reload Gmail so it keeps logging your mail and sends.'],
    ['install', 'Ember is installed. Reload Gmail to start.'],
  ] as const)('after an %s it says so, once, as plain text', (reason, text) => {
    showReloadNotice(RELOAD_NOTICE_ID, reloadNoticeText(reason));
    showReloadNotice(RELOAD_NOTICE_ID, reloadNoticeText(reason));
    const notices = document.querySelectorAll(`#${RELOAD_NOTICE_ID}`);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.getAttribute('role')).toBe('alert');
    expect(notices[0]!.querySelector('span')!.textContent).toBe(text);
  });

  test('"Later" dismisses it; "Reload Gmail" reloads the page', () => {
    // The function is serialized into the tab: it may use only what the page has, location included.
    const reload = vi.fn();
    vi.stubGlobal('location', { reload });
    showReloadNotice(RELOAD_NOTICE_ID, 'x');
    const [reloadButton, later] = document.querySelectorAll<HTMLButtonElement>(`#${RELOAD_NOTICE_ID} button`);
    reloadButton!.click();
    expect(reload).toHaveBeenCalledTimes(1);
    later!.click();
    expect(document.getElementById(RELOAD_NOTICE_ID)).toBeNull();
    vi.unstubAllGlobals();
  });

  test('is self-contained, as chrome.scripting needs: its source names nothing outside itself', () => {
    const source = showReloadNotice.toString();
    expect(source).not.toMatch(/\b(?:import|require|reloadNoticeText|RELOAD_NOTICE_ID)\b/);
  });
});
