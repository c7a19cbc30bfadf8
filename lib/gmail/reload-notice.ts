/**
 * The one-line notice Ember shows in Gmail tabs that were open when it was installed or updated.
 * Chrome does not inject the new content script into them, and an update cuts the old one off from
 * the extension: until the rep reloads Gmail, its sends would go uncaptured.
 *
 * `showReloadNotice` runs in the tab through chrome.scripting (serialized, so it must be
 * self-contained: no imports, no closures), in the extension's isolated world.
 */

export const RELOAD_NOTICE_ID = 'ember-reload-notice';

export type InstallReason = 'install' | 'update';

export function reloadNoticeText(reason: InstallReason): string {
  return reason === 'update'
    ? 'Ember was updated. Reload Gmail so it keeps logging your mail and sends.'
    : 'Ember is installed. Reload Gmail to start.';
}

/** Puts the notice at the top of the page, once; its button reloads Gmail. Plain text only. */
export function showReloadNotice(id: string, text: string): void {
  if (document.getElementById(id)) return;
  const bar = document.createElement('div');
  bar.id = id;
  bar.setAttribute('role', 'alert');
  bar.style.cssText =
    'position:fixed;top:8px;left:50%;transform:translateX(-50%);z-index:2147483647;display:flex;gap:12px;' +
    'align-items:center;padding:8px 12px;border-radius:8px;background:#202124;color:#fff;' +
    'font:14px/20px Roboto,Arial,sans-serif;box-shadow:0 2px 6px rgba(0,0,0,.3)';
  const message = document.createElement('span');
  message.textContent = text;
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload Gmail';
  reload.style.cssText = 'border:0;border-radius:4px;padding:4px 10px;background:#8ab4f8;color:#202124;cursor:pointer';
  reload.addEventListener('click', () => location.reload());
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.textContent = 'Later';
  dismiss.setAttribute('aria-label', 'Dismiss');
  dismiss.style.cssText = 'border:0;background:none;color:#fff;cursor:pointer';
  dismiss.addEventListener('click', () => bar.remove());
  bar.append(message, reload, dismiss);
  document.body.append(bar);
}
