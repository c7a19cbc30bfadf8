import { CheckIcon, MenuButton } from '../menu/menu-button';

export interface FilterOption<Value extends string> {
  value: Value;
  label: string;
}

/**
 * One of the queue's filters as a Material 3 filter chip with a menu of its values, as Gmail's
 * search chips work. Unset, it reads its name ("Stage"); set, it is filled, with a check and the
 * value ("Discovery"), and is named "Stage: Discovery" for a screen reader. The first option is
 * the one that filters nothing.
 */
export function FilterChip<Value extends string>({
  name,
  value,
  options,
  onChange,
}: {
  name: string;
  value: Value;
  options: readonly [FilterOption<Value>, ...FilterOption<Value>[]];
  onChange: (value: Value) => void;
}) {
  const chosen = options.find((option) => option.value === value);
  const filtering = chosen !== undefined && chosen !== options[0];
  return (
    <MenuButton
      items={options.map((option) => ({
        label: option.label,
        checked: option.value === value,
        onSelect: () => onChange(option.value),
      }))}
      label={filtering ? `${name}: ${chosen.label}` : name}
      buttonClassName={`ember-chip${filtering ? ' selected' : ''}`}
      align="start"
    >
      {filtering && <CheckIcon />}
      {filtering ? chosen.label : name}
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24">
        <path d="M7 10l5 5 5-5z" fill="currentColor" />
      </svg>
    </MenuButton>
  );
}
