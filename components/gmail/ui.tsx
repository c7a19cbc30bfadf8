import { renderInShadow } from '../mount';
import { QueueList } from '../queue/queue-list';
import menuCss from '../menu/menu-button.css?inline';
import queueCss from '../queue/queue.css?inline';
import rowMenuCss from '../queue/row-menu.css?inline';
import { Sidebar } from '../sidebar/sidebar';
import sidebarCss from '../sidebar/sidebar.css?inline';
import type { GmailUi } from './gmail-ui';
import { chordText, SHORTCUTS } from './shortcuts';

/** Ember's React UI in Gmail, loaded after the page by the content script (see lib/gmail/lazy-ui.ts). */
export const gmailUi: GmailUi = {
  sidebar: (element, props) => renderInShadow(element, <Sidebar {...props} />, sidebarCss),
  queue: (element, { client, account, openThread }) =>
    renderInShadow(
      element,
      <div className="page">
        <h1>Ember: what needs you now</h1>
        <QueueList client={client} account={account} onOpenThread={openThread} />
        <p className="shortcuts muted">
          Shortcuts: {SHORTCUTS.map((shortcut) => `${chordText(shortcut.chord)}: ${shortcut.description}`).join(' · ')}
        </p>
      </div>,
      // The row menu's styles come with it: nothing of Ember's may style Gmail's own page.
      `${queueCss}\n${menuCss}\n${rowMenuCss}`,
    ),
};
