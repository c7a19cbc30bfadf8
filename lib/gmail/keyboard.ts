import { deepFocus } from './ember-shadow';
import type { Unsubscribe } from './gmail-host';

/**
 * Gmail-style chords ("g e", "shift+a", "alt+shift+d") from keydown events. Keys typed into an
 * input, a textarea or an editable area (a compose window, or a field in Ember's own sidebar) are
 * never taken.
 */
export function listenForChord(
  chord: string,
  run: () => void,
  target: Pick<Document, 'addEventListener' | 'removeEventListener'>,
): Unsubscribe {
  const steps = chord.toLowerCase().split(/\s+/).map(parseStep);
  let position = 0;
  let lastAt = 0;
  const onKeyDown = (event: Event) => {
    const key = event as KeyboardEvent;
    if (isEditable(key.target)) return;
    if (position > 0 && key.timeStamp - lastAt > 1_500) position = 0;
    const step = steps[position]!;
    if (matches(step, key)) {
      position += 1;
      lastAt = key.timeStamp;
      if (position === steps.length) {
        position = 0;
        key.preventDefault();
        key.stopPropagation();
        run();
      }
    } else if (!['shift', 'alt', 'control', 'meta'].includes(key.key.toLowerCase())) {
      position = matches(steps[0]!, key) ? 1 : 0;
      lastAt = key.timeStamp;
    }
  };
  target.addEventListener('keydown', onKeyDown, true);
  return () => target.removeEventListener('keydown', onKeyDown, true);
}

interface Step {
  key: string;
  shift: boolean;
  alt: boolean;
  ctrl: boolean;
  meta: boolean;
}

function parseStep(text: string): Step {
  const parts = text.split('+');
  const key = parts.at(-1)!;
  return {
    key,
    shift: parts.includes('shift'),
    alt: parts.includes('alt'),
    ctrl: parts.includes('ctrl'),
    meta: parts.includes('meta'),
  };
}

function matches(step: Step, event: KeyboardEvent): boolean {
  // With alt held, `key` can be a special character on some layouts; `code` names the physical key.
  const key = event.code.startsWith('Key') ? event.code.slice(3).toLowerCase() : event.key.toLowerCase();
  return (
    key === step.key &&
    event.shiftKey === step.shift &&
    event.altKey === step.alt &&
    event.ctrlKey === step.ctrl &&
    event.metaKey === step.meta
  );
}

function isEditable(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  // Keys typed in Ember's own fields arrive retargeted to the closed root's host.
  const element = deepFocus(target as Element) as HTMLElement;
  return (
    element.isContentEditable ||
    element.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null
  );
}
