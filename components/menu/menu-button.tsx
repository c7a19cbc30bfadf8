import { useId, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  /** Set on every item of a menu of choices (a filter's values): the items are then radios. */
  checked?: boolean;
}

export interface MenuButtonProps {
  items: readonly MenuItem[];
  /** What the button shows; an icon-only button needs `label`. */
  children: ReactNode;
  /** The button's accessible name when its content is not one (an icon). */
  label?: string;
  title?: string;
  buttonClassName: string;
  /** Which edge of the button the menu lines up with: a row's end, or a chip's start. */
  align: 'start' | 'end';
}

/**
 * A button that opens a menu: the WAI-ARIA menu button pattern, as Gmail's row menus and search
 * chips behave. A click, Enter or Space opens the menu on its checked item (else its first),
 * ArrowDown on its first, ArrowUp on its last; in the menu the arrow keys move and wrap, Home and End
 * jump, Enter, Space or a click chooses. Escape closes it and gives the focus back to the button;
 * focus leaving it (Tab, a click outside) closes it. `items` has at least one entry.
 *
 * Its look is menu-button.css, which the page imports, or a shadow root is given inline: a
 * component importing CSS would give Gmail's UI script a stylesheet for Gmail's own page.
 */
export function MenuButton({ items, children, label, title, buttonClassName, align }: MenuButtonProps) {
  // Which item is to have the focus while the menu is open; null: the menu is closed.
  const [focused, setFocused] = useState<number | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const itemElements = useRef<(HTMLButtonElement | null)[]>([]);
  const buttonId = useId();
  const menuId = useId();
  const open = focused !== null;
  const isChoice = items.some((item) => item.checked !== undefined);

  // The items exist only once the menu has rendered open, so the focus moves to them after the render.
  useLayoutEffect(() => {
    if (focused !== null) itemElements.current[focused]?.focus();
  }, [focused]);

  function close() {
    setFocused(null);
    button.current?.focus();
  }

  function choose(item: MenuItem) {
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
      // The menu's Escape: whatever holds the button (a page, Gmail) must not take it as its own.
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

  const firstFocus = Math.max(
    0,
    items.findIndex((item) => item.checked === true),
  );

  return (
    <div className="menu-anchor" onBlur={onBlur}>
      <button
        ref={button}
        id={buttonId}
        type="button"
        className={buttonClassName}
        aria-label={label}
        title={title}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close() : setFocused(firstFocus))}
        onKeyDown={onButtonKeyDown}
      >
        {children}
      </button>
      {open && (
        // Focusable itself so that a click on its padding keeps the focus, and the menu, where it is.
        <ul
          id={menuId}
          role="menu"
          aria-labelledby={buttonId}
          className={`menu menu-${align}`}
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
                role={isChoice ? 'menuitemradio' : 'menuitem'}
                aria-checked={isChoice ? item.checked === true : undefined}
                // One Tab stop for the whole menu: the arrow keys move between its items.
                tabIndex={-1}
                className="menu-item"
                onFocus={() => setFocused(index)}
                onClick={() => choose(item)}
              >
                {isChoice && (
                  // The same width checked or not, so the labels line up.
                  <CheckIcon hidden={item.checked !== true} />
                )}
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Material's check mark, 18 px; `hidden` keeps its room but draws nothing. */
export function CheckIcon({ hidden = false }: { hidden?: boolean }) {
  return (
    <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24">
      {!hidden && <path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z" fill="currentColor" />}
    </svg>
  );
}
