import { feedPoller } from '@/lib/gmail/features/feed-poller';
import { rowLabels } from '@/lib/gmail/features/row-labels';
import { sentCapture } from '@/lib/gmail/features/sent-capture';
import type { GmailUiContext, GmailUiFeature } from './gmail-ui';
import { queueRoute } from './queue-route';
import { shortcuts } from './shortcuts';
import { threadSidebar } from './thread-sidebar';

/**
 * Every Ember feature in Gmail, in start order. A feature is added here or nowhere. They all run in
 * the content script at page load; the UI they show comes from the lazily loaded UI script.
 */
export const GMAIL_FEATURES: readonly GmailUiFeature[] = [
  threadSidebar,
  sentCapture,
  rowLabels,
  queueRoute,
  shortcuts,
  feedPoller,
];

/** Starts each feature; one failing to start does not stop the others. */
export function startGmailFeatures(
  context: GmailUiContext,
  features: readonly GmailUiFeature[] = GMAIL_FEATURES,
): void {
  for (const feature of features) {
    try {
      feature.init(context);
    } catch (error) {
      console.error(`Ember: ${feature.name} failed to start`, error);
    }
  }
}
