import { accountLabel } from '@/lib/domain/sample/sample-scenario';

/** The Gmail account a page shows, when Ember knows more than one; the sample account says what it is. */
export function AccountPicker({
  accounts,
  value,
  onChange,
}: {
  accounts: readonly string[];
  value: string;
  onChange: (account: string) => void;
}) {
  return (
    <label className="ember-field">
      <span>Gmail account</span>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {accounts.map((address) => (
          <option key={address} value={address}>
            {accountLabel(address)}
          </option>
        ))}
      </select>
    </label>
  );
}
