import { ADVANCE_EVENT, onAbort, type GmailFeature } from '@/lib/gmail/feature';

/**
 * Ember's Gmail shortcuts. Gmail leaves "g e" and shifted "a" free (its own are g+i, g+s, … and
 * a = reply all), so these clash with none of them.
 */
export const SHORTCUTS = [
  { chord: 'g e', description: 'Open the Ember queue', action: 'queue' },
  { chord: 'shift+a', description: 'Advance the open deal (buyer did this)', action: 'advance' },
] as const;

export const shortcuts: GmailFeature = {
  name: 'shortcuts',
  init({ host, signal }) {
    for (const shortcut of SHORTCUTS) {
      const run =
        shortcut.action === 'queue'
          ? () => host.openQueue()
          : () => document.dispatchEvent(new CustomEvent(ADVANCE_EVENT));
      onAbort(signal, host.addShortcut(shortcut.chord, shortcut.description, run));
    }
  },
};
