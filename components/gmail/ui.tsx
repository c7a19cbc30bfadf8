import { renderInShadow } from '../mount';
import { QueueList } from '../queue/queue-list';
import queueCss from '../queue/queue.css?inline';
import { Sidebar } from '../sidebar/sidebar';
import sidebarCss from '../sidebar/sidebar.css?inline';
import type { GmailUi } from './gmail-ui';
import { SHORTCUTS } from './shortcuts';

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
          Shortcuts:{' '}
          {SHORTCUTS.map((shortcut) => `${shortcut.chord} ${shortcut.description.toLowerCase()}`).join(' · ')}
        </p>
      </div>,
      queueCss,
    ),
};
