import type { GmailFeature, GmailFeatureContext } from '@/lib/gmail/feature';
import type { LazyUi } from '@/lib/gmail/lazy-ui';
import type { EmberClient } from '@/lib/messaging/client';
import type { SidebarProps } from '../sidebar/sidebar';

/**
 * What the Gmail UI script (entrypoints/gmail-ui.ts, React) does for the features in the content
 * script. Only types here: the content script must not pull React in.
 */
export interface GmailUi {
  /** Renders the deal sidebar into `element` (in a shadow root it attaches); returns the teardown. */
  sidebar(element: HTMLElement, props: SidebarProps): () => void;
  /** Renders the queue page into `element` (in a shadow root it attaches); returns the teardown. */
  queue(element: HTMLElement, props: QueueProps): () => void;
}

export interface QueueProps {
  client: EmberClient;
  account: string;
  openThread: (thread: string) => void;
}

/** The features that show UI get it loaded on first use (or when Gmail is idle). */
export interface GmailUiContext extends GmailFeatureContext {
  ui: LazyUi<GmailUi>;
}

export type GmailUiFeature = GmailFeature<GmailUiContext>;

/** The element Ember's UI renders into, created by the content script so Gmail can show it at once. */
export function emberRoot(doc: Document = document): HTMLElement {
  const element = doc.createElement('div');
  element.className = 'ember-root';
  return element;
}
