import { onAbort, type GmailFeature } from '@/lib/gmail/feature';
import { sendSidebarCommand } from '@/lib/gmail/sidebar-commands';

/**
 * Ember's Gmail shortcuts. Gmail leaves "g e" and shifted "a" and "d" free (its own are g+i, g+s,
 * …, a = reply all, d = nothing by default), so these clash with none of them.
 */
export const SHORTCUTS = [
  { chord: 'g e', description: 'Open the Ember queue', action: 'queue' },
  { chord: 'shift+a', description: 'Advance the open deal (buyer did this)', action: 'advance' },
  { chord: 'shift+d', description: 'Insert the draft of the most urgent next action', action: 'draft' },
] as const;

const MODIFIERS: Readonly<Record<string, string>> = { shift: 'Shift', alt: 'Alt', ctrl: 'Ctrl', meta: 'Meta' };

/**
 * A chord as its keys are written for the rep: "shift+a" is "Shift+A", "g e" is "g then e". A
 * letter pressed with a modifier is written as the key cap shows it; one pressed alone, as typed.
 */
export function chordText(chord: string): string {
  return chord
    .trim()
    .split(/\s+/)
    .map((step) => {
      const keys = step.split('+');
      return keys.map((key) => MODIFIERS[key] ?? (keys.length > 1 ? key.toUpperCase() : key)).join('+');
    })
    .join(' then ');
}

export const shortcuts: GmailFeature = {
  name: 'shortcuts',
  init({ host, signal }) {
    for (const shortcut of SHORTCUTS) {
      const command = shortcut.action === 'advance' ? 'advance' : 'insert-draft';
      const run = shortcut.action === 'queue' ? () => host.openQueue() : () => sendSidebarCommand(command);
      onAbort(signal, host.addShortcut(shortcut.chord, shortcut.description, run));
    }
  },
};
