/**
 * The side panel's way to Ember's other pages, as Gmail's side panels keep theirs in the header.
 * Each opens in a tab: the side panel stays the queue.
 */
export function PanelLinks() {
  return (
    <nav className="panel-links" aria-label="Ember's pages">
      <a className="ember-text-button" href="/dashboard.html" target="_blank" rel="noopener">
        Dashboard
      </a>
      <a className="ember-text-button" href="/options.html" target="_blank" rel="noopener">
        Settings
      </a>
    </nav>
  );
}
