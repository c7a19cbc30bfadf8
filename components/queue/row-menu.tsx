import { MenuButton, type MenuItem } from '../menu/menu-button';

export type RowMenuItem = MenuItem;

/**
 * A row's less frequent actions behind a round "More actions" icon button at the row's end, as
 * Gmail's rows have them. The menu's behaviour is MenuButton's.
 */
export function RowMenu({ label, items }: { label: string; items: readonly RowMenuItem[] }) {
  return (
    <MenuButton items={items} label={label} title="More actions" buttonClassName="row-menu-button" align="end">
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="currentColor">
        <circle cx="12" cy="5" r="2" />
        <circle cx="12" cy="12" r="2" />
        <circle cx="12" cy="19" r="2" />
      </svg>
    </MenuButton>
  );
}
