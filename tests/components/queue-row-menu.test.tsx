// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { RowMenu } from '@/components/queue/row-menu';

afterEach(cleanup);

/** A row menu beside another button, so focus and clicks have somewhere outside the menu to go. */
function renderMenu() {
  const chosen: string[] = [];
  const items = ['Dismiss', 'Snooze for 1 hour', 'Snooze until next week'].map((label) => ({
    label,
    onSelect: () => chosen.push(label),
  }));
  render(
    <>
      <RowMenu label="More actions for Globex" items={items} />
      <button type="button">Elsewhere</button>
    </>,
  );
  const button = screen.getByRole('button', { name: 'More actions for Globex' });
  return { chosen, button, user: userEvent.setup() };
}

const focusedText = () => document.activeElement?.textContent;

describe('the row menu', () => {
  test('is a button that says it opens a menu, closed at first', () => {
    const { button } = renderMenu();
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('menu')).toBeNull();
  });

  test('Enter opens it on the first item, arrow keys move and wrap, Home and End jump', async () => {
    const { button, user } = renderMenu();
    button.focus();
    await user.keyboard('{Enter}');
    const menu = screen.getByRole('menu');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('aria-controls')).toBe(menu.id);
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual([
      'Dismiss',
      'Snooze for 1 hour',
      'Snooze until next week',
    ]);
    expect(focusedText()).toBe('Dismiss');
    await user.keyboard('{ArrowDown}');
    expect(focusedText()).toBe('Snooze for 1 hour');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(focusedText()).toBe('Dismiss');
    await user.keyboard('{ArrowUp}');
    expect(focusedText()).toBe('Snooze until next week');
    await user.keyboard('{Home}');
    expect(focusedText()).toBe('Dismiss');
    await user.keyboard('{End}');
    expect(focusedText()).toBe('Snooze until next week');
  });

  test('Space opens it too, and ArrowUp on the button opens it on the last item', async () => {
    const { button, user } = renderMenu();
    button.focus();
    await user.keyboard(' ');
    expect(screen.getByRole('menu')).toBeTruthy();
    expect(focusedText()).toBe('Dismiss');
    await user.keyboard('{Escape}');
    await user.keyboard('{ArrowUp}');
    expect(screen.getByRole('menu')).toBeTruthy();
    expect(focusedText()).toBe('Snooze until next week');
  });

  test('Escape closes it, choosing nothing, and returns focus to the button', async () => {
    const { button, chosen, user } = renderMenu();
    button.focus();
    await user.keyboard('{Enter}{ArrowDown}{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
    expect(chosen).toEqual([]);
  });

  test('Enter or Space on an item chooses it once, closes the menu and returns focus to the button', async () => {
    const { button, chosen, user } = renderMenu();
    button.focus();
    await user.keyboard('{Enter}{ArrowDown}{Enter}');
    expect(chosen).toEqual(['Snooze for 1 hour']);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
    await user.keyboard('{Enter}{End} ');
    expect(chosen).toEqual(['Snooze for 1 hour', 'Snooze until next week']);
    expect(screen.queryByRole('menu')).toBeNull();
  });

  test('with the mouse: a click opens it and a click on an item chooses it', async () => {
    const { button, chosen, user } = renderMenu();
    await user.click(button);
    await user.click(screen.getByRole('menuitem', { name: 'Snooze until next week' }));
    expect(chosen).toEqual(['Snooze until next week']);
    expect(screen.queryByRole('menu')).toBeNull();
  });

  test('a second click on the button closes it', async () => {
    const { button, chosen, user } = renderMenu();
    await user.click(button);
    await user.click(button);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(chosen).toEqual([]);
  });

  test('a click outside closes it, choosing nothing', async () => {
    const { chosen, user } = renderMenu();
    await user.click(screen.getByRole('button', { name: 'More actions for Globex' }));
    await user.click(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'More actions for Globex' }));
    await user.click(screen.getByRole('button', { name: 'Elsewhere' }));
    expect(screen.queryByRole('menu')).toBeNull();
    expect(chosen).toEqual([]);
  });

  test('Tab leaves it closed: its items are not stops of their own', async () => {
    const { button, user } = renderMenu();
    button.focus();
    await user.keyboard('{Enter}');
    await user.tab();
    expect(screen.queryByRole('menu')).toBeNull();
    expect(focusedText()).toBe('Elsewhere');
  });
});
