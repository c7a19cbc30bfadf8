import { useId, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { accountSettingsSchema, type AccountSettings } from '@/lib/domain/settings';
import type { EmberClient } from '@/lib/messaging/client';
import { Field } from '../field';
import { errorMessage, useAsync } from '../use-async';
import { splitList, validate, type FieldErrors } from './form-errors';

const WEEKDAYS = [
  [1, 'Mon'],
  [2, 'Tue'],
  [3, 'Wed'],
  [4, 'Thu'],
  [5, 'Fri'],
  [6, 'Sat'],
  [7, 'Sun'],
] as const;

const TIME_ZONES = Intl.supportedValuesOf('timeZone');

/**
 * An issue with the settings in the rep's words, or undefined for one the schema already words for
 * them (a consumer mail domain). `entered`: the lists as submitted, to name the entry at fault.
 */
function settingsIssueText(
  issue: z.core.$ZodIssue,
  entered: { addresses: readonly string[]; companyDomains: readonly string[] },
): string | undefined {
  const [field, within] = issue.path;
  const entry = (list: readonly string[]) => (typeof within === 'number' ? list[within] : undefined);
  switch (field) {
    case 'addresses': {
      const address = entry(entered.addresses);
      return address === undefined ? undefined : `“${address}” isn’t an email address.`;
    }
    case 'companyDomains': {
      const domain = entry(entered.companyDomains);
      return domain === undefined || issue.code === 'custom'
        ? undefined
        : `“${domain}” isn’t a mail domain. Enter one such as acme.com.`;
    }
    case 'timeZone':
      return 'Choose a time zone from the list.';
    case 'workingHours':
      if (within === 'days') {
        if (issue.path.length > 2) return 'Choose working days from Monday to Sunday.';
        return issue.code === 'custom' ? 'A working day is chosen twice.' : 'Choose at least one working day.';
      }
      if (within === 'start') return 'Enter when your working day starts, such as 09:00.';
      if (within === 'end') {
        return issue.code === 'custom'
          ? 'The end of the working day must be after its start.'
          : 'Enter when your working day ends, such as 17:00.';
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Who counts as the rep and when the SLA clock runs, for one Gmail account. */
export function SettingsForm({ client, account }: { client: EmberClient; account: string }) {
  const loaded = useAsync(() => client.request('getSettings', { account }), account);
  if (loaded.status === 'loading') return <section className="ember-card">Loading settings…</section>;
  if (loaded.status === 'failed') {
    return (
      <section className="ember-card ember-error" role="alert">
        Could not load settings: {loaded.error}
      </section>
    );
  }
  return <SettingsEditor client={client} account={account} initial={loaded.value} />;
}

function SettingsEditor({
  client,
  account,
  initial,
}: {
  client: EmberClient;
  account: string;
  initial: AccountSettings;
}) {
  const hoursErrorId = useId();
  const [addresses, setAddresses] = useState(initial.addresses.join('\n'));
  const [domains, setDomains] = useState(initial.companyDomains.join('\n'));
  const [timeZone, setTimeZone] = useState(initial.timeZone);
  const [days, setDays] = useState<number[]>(initial.workingHours.days);
  const [start, setStart] = useState(initial.workingHours.start);
  const [end, setEnd] = useState(initial.workingHours.end);
  const [notifications, setNotifications] = useState(initial.notifications);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<{ kind: 'saved' } | { kind: 'failed'; message: string } | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    const entered = {
      addresses: splitList(addresses),
      companyDomains: splitList(domains),
      timeZone,
      workingHours: { days: [...days].sort(), start, end },
      notifications,
    };
    const checked = validate(accountSettingsSchema, entered, (issue) => settingsIssueText(issue, entered));
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      await client.request('saveSettings', { account, settings: checked.value });
      setStatus({ kind: 'saved' });
    } catch (error) {
      setStatus({ kind: 'failed', message: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="ember-card" onSubmit={(event) => void save(event)} aria-label="Account settings">
      <h2>You and your working hours</h2>
      <p className="ember-hint">
        Mail from {account} and these addresses is yours; everyone else is the buyer side. Due times count only working
        hours.
      </p>
      <Field label="Your other addresses" hint="Aliases you send as, one per line." error={errors.addresses}>
        {(control) => (
          <textarea {...control} rows={2} value={addresses} onChange={(event) => setAddresses(event.target.value)} />
        )}
      </Field>
      <Field
        label="Your company's mail domains"
        hint="One per line. When set, exactly these domains and their subdomains are your colleagues, in place of your addresses' domains. Consumer domains such as gmail.com never are."
        error={errors.companyDomains}
      >
        {(control) => (
          <textarea {...control} rows={2} value={domains} onChange={(event) => setDomains(event.target.value)} />
        )}
      </Field>
      <Field label="Time zone" error={errors.timeZone}>
        {(control) => (
          <select {...control} value={timeZone} onChange={(event) => setTimeZone(event.target.value)}>
            {(TIME_ZONES.includes(timeZone) ? TIME_ZONES : [timeZone, ...TIME_ZONES]).map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="ember-field" aria-describedby={errors.workingHours ? hoursErrorId : undefined}>
        <legend>Working days and hours</legend>
        <div className="ember-row">
          {WEEKDAYS.map(([day, label]) => (
            <label key={day}>
              <input
                type="checkbox"
                checked={days.includes(day)}
                onChange={(event) =>
                  setDays(event.target.checked ? [...days, day] : days.filter((other) => other !== day))
                }
              />{' '}
              {label}
            </label>
          ))}
        </div>
        <div className="ember-row">
          <label>
            From{' '}
            <input type="time" aria-label="Start" value={start} onChange={(event) => setStart(event.target.value)} />
          </label>
          <label>
            to <input type="time" aria-label="End" value={end} onChange={(event) => setEnd(event.target.value)} />
          </label>
        </div>
        {errors.workingHours && (
          <small id={hoursErrorId} className="ember-error" role="alert">
            {errors.workingHours}
          </small>
        )}
      </fieldset>
      <label className="ember-row">
        <input type="checkbox" checked={notifications} onChange={(event) => setNotifications(event.target.checked)} />
        Notify me when something is due within the hour
      </label>
      <div className="ember-row">
        <button className="ember-button primary" type="submit" disabled={saving}>
          Save
        </button>
        {/* Always there, so that a screen reader hears "Saved" when it appears. */}
        <span className="ember-ok" role="status">
          {status?.kind === 'saved' ? 'Saved' : ''}
        </span>
        {status?.kind === 'failed' && (
          <span className="ember-error" role="alert">
            {status.message}
          </span>
        )}
      </div>
    </form>
  );
}
