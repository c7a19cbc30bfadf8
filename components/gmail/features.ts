import type { GmailFeature, GmailFeatureContext } from '@/lib/gmail/feature';
import { feedPoller } from '@/lib/gmail/features/feed-poller';
import { rowLabels } from '@/lib/gmail/features/row-labels';
import { sentCapture } from '@/lib/gmail/features/sent-capture';
import { queueRoute } from './queue-route';
import { shortcuts } from './shortcuts';
import { threadSidebar } from './thread-sidebar';

/** Every Ember feature in Gmail, in start order. A feature is added here or nowhere. */
export const GMAIL_FEATURES: readonly GmailFeature[] = [
  threadSidebar,
  sentCapture,
  rowLabels,
  queueRoute,
  shortcuts,
  feedPoller,
];

/** Starts each feature; one failing to start does not stop the others. */
export function startGmailFeatures(
  context: GmailFeatureContext,
  features: readonly GmailFeature[] = GMAIL_FEATURES,
): void {
  for (const feature of features) {
    try {
      feature.init(context);
    } catch (error) {
      console.error(`Ember: ${feature.name} failed to start`, error);
    }
  }
}
