import { useId, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import './row-menu.css';

export interface RowMenuItem {
  label: string;
  onSelect: () => void;
}

/**
 * A row's less frequent actions behind a "More actions" icon button, as Gmail's rows have them
 * (the WAI-ARIA menu button pattern). A click, Enter or Space opens the menu on its first item,
 * ArrowDown too, ArrowUp on its last; in the menu the arrow keys move and wrap, Home and End jump,
 * Enter, Space or a click chooses. Escape closes it and gives the focus back to the button; focus
 * leaving it (Tab, a click outside) closes it. `items` has at least one entry.
 */
export function RowMenu({ label, items }: { label: string; items: readonly RowMenuItem[] }) {
  // Which item is to have the focus while the menu is open; null: the menu is closed.
  const [focused, setFocused] = useState<number | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const itemElements = useRef<(HTMLButtonElement | null)[]>([]);
  const buttonId = useId();
  const menuId = useId();
  const open = focused !== null;

  // The items exist only once the menu has rendered open, so the focus moves to them after the render.
  useLayoutEffect(() => {
    if (focused !== null) itemElements.current[focused]?.focus();
  }, [focused]);

  function close() {
    setFocused(null);
    button.current?.focus();
  }

  function choose(item: RowMenuItem) {
    close();
    item.onSelect();
  }

  function onButtonKeyDown(event: KeyboardEvent) {
    // Enter and Space need nothing here: they click the button.
    if (event.key === 'ArrowDown') setFocused(0);
    else if (event.key === 'ArrowUp') setFocused(items.length - 1);
    else return;
    event.preventDefault();
  }

  function onMenuKeyDown(event: KeyboardEvent) {
    if (focused === null) return;
    const last = items.length - 1;
    let next: number;
    if (event.key === 'ArrowDown') next = focused === last ? 0 : focused + 1;
    else if (event.key === 'ArrowUp') next = focused === 0 ? last : focused - 1;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = last;
    else if (event.key === 'Escape') {
      event.preventDefault();
      // The menu's Escape: whatever holds the row (a page, Gmail) must not take it as its own.
      event.stopPropagation();
      close();
      return;
    } else return; // Tab moves the focus on, and losing it closes the menu.
    event.preventDefault();
    event.stopPropagation();
    // Focused directly rather than through `focused`: the focus may sit on the menu itself, away from
    // the item `focused` names, and then setting it to the same number would move nothing.
    itemElements.current[next]?.focus();
  }

  function onBlur(event: FocusEvent<HTMLDivElement>) {
    const goingTo = event.relatedTarget;
    if (open && !(goingTo instanceof Node && event.currentTarget.contains(goingTo))) setFocused(null);
  }

  return (
    <div className="row-menu-anchor" onBlur={onBlur}>
      <button
        ref={button}
        id={buttonId}
        type="button"
        className="row-menu-button"
        aria-label={label}
        title="More actions"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close() : setFocused(0))}
        onKeyDown={onButtonKeyDown}
      >
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="currentColor">
          <circle cx="12" cy="5" r="2" />
          <circle cx="12" cy="12" r="2" />
          <circle cx="12" cy="19" r="2" />
        </svg>
      </button>
      {open && (
        // Focusable itself so that a click on its padding keeps the focus, and the menu, where it is.
        <ul
          id={menuId}
          role="menu"
          aria-labelledby={buttonId}
          className="row-menu"
          tabIndex={-1}
          onKeyDown={onMenuKeyDown}
        >
          {items.map((item, index) => (
            <li key={item.label} role="none">
              <button
                ref={(element) => {
                  itemElements.current[index] = element;
                }}
                type="button"
                role="menuitem"
                // One Tab stop for the whole menu: the arrow keys move between its items.
                tabIndex={-1}
                className="row-menu-item"
                onFocus={() => setFocused(index)}
                onClick={() => choose(item)}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
