import { useId, type ReactNode } from 'react';

/** What a field's control carries: its id for the label, and the ids of the text that describes it. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/**
 * A labelled form field: the label, the control, then its help, a nudge and its error beneath.
 * Only the label names the control. The help, nudge and error describe it (`aria-describedby`), so
 * a screen reader says each once: inside a `<label>` they were read as part of the name and again
 * as its description. The error is an alert as well, so it is heard when it appears.
 */
export function Field({
  label,
  hint,
  nudge,
  error,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  /** Advice that is not an error (a seller-side exit criterion), in its own colour. */
  nudge?: ReactNode;
  error?: string | null | undefined;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const described = [hint && `${id}-hint`, nudge && `${id}-nudge`, error && `${id}-error`].filter(Boolean).join(' ');
  const control: ControlProps = { id };
  if (described !== '') control['aria-describedby'] = described;
  if (error) control['aria-invalid'] = true;
  return (
    <div className="ember-field">
      <label htmlFor={id}>{label}</label>
      {children(control)}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {nudge && (
        <small id={`${id}-nudge`} className="ember-nudge">
          {nudge}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="ember-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
