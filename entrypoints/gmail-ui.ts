import { gmailUi } from '@/components/gmail/ui';
import { provideUi } from '@/lib/gmail/lazy-ui';

/** Ember's Gmail UI, run by the background in Gmail's content-script world when the content script asks. */
export default defineUnlistedScript(() => provideUi(gmailUi));
