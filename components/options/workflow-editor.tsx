import { dequal } from 'dequal';
import { useId, useState, type ReactNode } from 'react';
import { fieldErrorMap } from '@/lib/domain/validation';
import {
  ACTIONS,
  savableWorkflowSchema,
  stageNameKey,
  TRIGGER_KINDS,
  type Rule,
  type Stage,
  type Workflow,
} from '@/lib/domain/workflow';
import { workflowFieldMessages } from '@/lib/domain/workflow-messages';
import type { EmberClient } from '@/lib/messaging/client';
import type { ResponseData } from '@/lib/messaging/protocol';
import { ACTION_TEXT, TRIGGER_TEXT } from '../format';
import { Field } from '../field';
import { errorMessage, useAsync } from '../use-async';

type Loaded = ResponseData<'getWorkflow'>;

/** Exit criteria say what the buyer did; these words usually mean the text is about the seller. */
const SELLER_ACTIVITY =
  /^(we|i)\b|\b(we|i)\s+(sent|send|called|emailed|presented|demoed|followed up|shared)\b|^(send|sent|call|email|present|demo|follow up|share)\b/i;

export function sellerActivityNudge(criterion: string): string | null {
  return SELLER_ACTIVITY.test(criterion.trim())
    ? 'This reads like something you do. An exit criterion says what the buyer did, e.g. "The buyer confirmed…".'
    : null;
}

const UNITS = [
  ['minutes', 1],
  ['hours', 60],
  ['working days', 0],
] as const;
type Unit = (typeof UNITS)[number][0];

/** A maximum delay in the unit that reads best; a working day is the rep's working hours long. */
function splitDelay(minutes: number, day: number): { amount: number; unit: Unit } {
  if (minutes > 0 && minutes % day === 0) return { amount: minutes / day, unit: 'working days' };
  if (minutes > 0 && minutes % 60 === 0) return { amount: minutes / 60, unit: 'hours' };
  return { amount: minutes, unit: 'minutes' };
}

const toMinutes = (amount: number, unit: Unit, day: number) =>
  Math.round(amount * (unit === 'working days' ? day : unit === 'hours' ? 60 : 1));

function slug(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'stage';
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  return id;
}

/** `name`, else "name (2)", "name (3)"…: the first that no stage has, as a save compares names. */
function freshName(name: string, stages: readonly Stage[]): string {
  const taken = new Set(stages.map((stage) => stageNameKey(stage.name)));
  let fresh = name;
  for (let n = 2; taken.has(stageNameKey(fresh)); n += 1) fresh = `${name} (${n})`;
  return fresh;
}

/** How an input shows its error: attributes that mark it, and the message to render beside it. */
interface FieldError {
  marks: { 'aria-invalid'?: true; 'aria-describedby'?: string };
  message: ReactNode;
}

/**
 * The fields that show their own error, by path; an error anywhere else (a damaged hidden stage id)
 * is listed beside the Save button, so no error goes unshown.
 */
const SHOWN_BESIDE_FIELD =
  /^(?:stages\[\d+\]\.(?:name|exitCriterion|checklist(?:\[\d+\])?)|(?:stages\[\d+\]\.)?rules\[\d+\]\.(?:trigger|action|maxDelay)|quietAfterDays)$/;

/** One rule; its unit is the rep's choice and stays put while they type a new amount. */
function RuleRow({
  rule,
  workingDay,
  onChange,
  onRemove,
  fieldError,
}: {
  rule: Rule;
  workingDay: number;
  onChange: (change: Partial<Rule>) => void;
  onRemove: () => void;
  fieldError: (field: 'trigger' | 'action' | 'maxDelay') => FieldError;
}) {
  const [triggerError, actionError, delayError] = [fieldError('trigger'), fieldError('action'), fieldError('maxDelay')];
  const [unit, setUnit] = useState<Unit>(() => splitDelay(rule.maxDelay, workingDay).unit);
  const [amount, setAmount] = useState(() => String(rule.maxDelay / toMinutes(1, unit, workingDay)));
  return (
    <div className="ember-row rule">
      <select
        aria-label="Trigger"
        {...triggerError.marks}
        value={rule.trigger}
        onChange={(event) => onChange({ trigger: event.target.value as Rule['trigger'] })}
      >
        {TRIGGER_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {TRIGGER_TEXT[kind]}
          </option>
        ))}
      </select>
      {triggerError.message}→
      <select
        aria-label="Action"
        {...actionError.marks}
        value={rule.action}
        onChange={(event) => onChange({ action: event.target.value as Rule['action'] })}
      >
        {ACTIONS.map((action) => (
          <option key={action} value={action}>
            {ACTION_TEXT[action]}
          </option>
        ))}
      </select>
      {actionError.message}
      within
      <input
        aria-label="Maximum delay"
        {...delayError.marks}
        type="number"
        min={0}
        step="any"
        value={amount}
        onChange={(event) => {
          setAmount(event.target.value);
          if (event.target.value !== '')
            onChange({ maxDelay: toMinutes(Number(event.target.value), unit, workingDay) });
        }}
      />
      <select
        aria-label="Unit"
        value={unit}
        onChange={(event) => {
          const next = event.target.value as Unit;
          setUnit(next);
          onChange({ maxDelay: toMinutes(Number(amount || 0), next, workingDay) });
        }}
      >
        {UNITS.map(([option]) => (
          <option key={option}>{option}</option>
        ))}
      </select>
      {delayError.message}
      <button className="ember-button" type="button" onClick={onRemove}>
        Remove rule
      </button>
    </div>
  );
}

const NO_CHANGES = 'No changes to save.';

/** "Stage Contact: " for a path within a stage, so an error listed by the Save button says where it is. */
function stageOf(path: string, workflow: Workflow): string {
  const index = /^stages\[(\d+)\]/.exec(path)?.[1];
  const stage = index === undefined ? undefined : workflow.stages[Number(index)];
  return stage === undefined ? '' : `Stage ${stage.name}: `;
}

/** The workflow editor: stages, their exit criteria, checklists and rules, and the defaults. */
export function WorkflowEditor({ client, account }: { client: EmberClient; account: string }) {
  const loaded = useAsync(
    () => Promise.all([client.request('getWorkflow', { account }), client.request('getSettings', { account })]),
    account,
  );
  if (loaded.status === 'loading') return <section className="ember-card">Loading the workflow…</section>;
  if (loaded.status === 'failed') {
    return (
      <section className="ember-card ember-error" role="alert">
        Could not load the workflow: {loaded.error}
      </section>
    );
  }
  const [workflow, settings] = loaded.value;
  const [start, end] = [settings.workingHours.start, settings.workingHours.end].map((clock) => {
    const [h, m] = clock.split(':').map(Number);
    return h! * 60 + m!;
  });
  return <Editor client={client} account={account} loaded={workflow} workingDay={end! - start!} />;
}

function Editor({
  client,
  account,
  loaded: initial,
  workingDay,
}: {
  client: EmberClient;
  account: string;
  loaded: Loaded;
  workingDay: number;
}) {
  // What is saved now: the base the edits are compared with (removed stages, open deals per stage).
  const [loaded, setLoaded] = useState<Loaded>(initial);
  const [workflow, setWorkflow] = useState<Workflow>(initial.workflow);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [moves, setMoves] = useState<Record<string, string>>({});
  // What the last save did; a refusal or failure is an error, shown as one.
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);
  const idBase = useId();
  const removed = loaded.workflow.stages.filter(
    (stage) => !workflow.stages.some((kept) => kept.id === stage.id) && (loaded.openDeals[stage.id] ?? 0) > 0,
  );

  const setStage = (index: number, change: Partial<Stage>) =>
    setWorkflow({
      ...workflow,
      stages: workflow.stages.map((stage, at) => (at === index ? { ...stage, ...change } : stage)),
    });
  /** A change that adds, removes or moves stages or rules: errors are placed by position, so they go. */
  const restructure = (next: Workflow) => {
    setWorkflow(next);
    setErrors({});
  };
  const move = (index: number, by: number) => {
    const stages = [...workflow.stages];
    const [stage] = stages.splice(index, 1);
    stages.splice(index + by, 0, stage!);
    restructure({ ...workflow, stages });
  };
  const taken = () => new Set(workflow.stages.map((stage) => stage.id));

  async function save() {
    setStatus(null);
    const checked = savableWorkflowSchema.safeParse(workflow, { error: fieldErrorMap });
    if (!checked.success) {
      setErrors(workflowFieldMessages(checked.error.issues));
      return;
    }
    setErrors({});
    // As parsed, so a name typed with a trailing space is no change; a new version would be one.
    if (dequal(checked.data, loaded.workflow)) {
      setStatus({ text: NO_CHANGES, failed: false });
      return;
    }
    const missing = removed.find((stage) => !moves[stage.id]);
    if (missing) {
      setStatus({ text: `Choose where the deals in ${missing.name} go.`, failed: true });
      return;
    }
    try {
      const saved = await client.request('saveWorkflow', { account, workflow: checked.data, moves });
      const fresh = await client.request('getWorkflow', { account });
      setLoaded(fresh);
      setWorkflow(fresh.workflow);
      setMoves({});
      // The background saves no version of the workflow in force (another page may have saved this one).
      setStatus({
        text: saved.version === loaded.version ? NO_CHANGES : `Saved as version ${saved.version}.`,
        failed: false,
      });
    } catch (error) {
      setStatus({ text: `Ember could not save the workflow: ${errorMessage(error)}`, failed: true });
    }
  }

  const fieldError = (path: string): FieldError => {
    const message = errors[path];
    if (message === undefined) return { marks: {}, message: null };
    // An id per path: React's id for this editor, and the path with what ids cannot hold replaced.
    const id = `${idBase}-${path.replace(/[^\w-]/g, '_')}`;
    return {
      marks: { 'aria-invalid': true, 'aria-describedby': id },
      message: (
        <small id={id} className="ember-error" role="alert">
          {message}
        </small>
      ),
    };
  };
  /** A checklist is one input for many items: it shows the first item's error. */
  const checklistError = (index: number): string | undefined => {
    const prefix = `stages[${index}].checklist`;
    const path = Object.keys(errors).find((key) => key === prefix || key.startsWith(`${prefix}[`));
    return path === undefined ? undefined : errors[path];
  };
  const unshown = Object.entries(errors).filter(([path]) => !SHOWN_BESIDE_FIELD.test(path));

  const rulesEditor = (rules: Rule[], onChange: (rules: Rule[]) => void, path: string) => (
    <div className="rules">
      {rules.map((rule, index) => (
        <RuleRow
          key={index}
          rule={rule}
          workingDay={workingDay}
          onChange={(change) => onChange(rules.map((other, at) => (at === index ? { ...other, ...change } : other)))}
          onRemove={() => {
            onChange(rules.filter((_, at) => at !== index));
            setErrors({});
          }}
          fieldError={(field) => fieldError(`${path}[${index}].${field}`)}
        />
      ))}
      <button
        className="ember-button"
        type="button"
        onClick={() => {
          onChange([...rules, { trigger: 'buyer_replied', action: 'reply', maxDelay: 240 }]);
          setErrors({});
        }}
      >
        Add rule
      </button>
    </div>
  );

  return (
    <section className="ember-card" aria-label="Workflow">
      <h2>Workflow</h2>
      <p className="ember-hint">
        Each stage ends when the buyer does something. Rules ask for an action within working time.{' '}
        {loaded.version === 0 ? 'This is Ember’s built-in playbook.' : `This is your version ${loaded.version}.`}
      </p>
      <ol className="stages">
        {workflow.stages.map((stage, index) => {
          const nudge = sellerActivityNudge(stage.exitCriterion);
          return (
            <li key={stage.id} className="stage-card" aria-label={`Stage ${stage.name}`}>
              <div className="ember-row">
                <Field label="Name" error={errors[`stages[${index}].name`]}>
                  {(control) => (
                    <input
                      {...control}
                      type="text"
                      value={stage.name}
                      onChange={(event) => setStage(index, { name: event.target.value })}
                    />
                  )}
                </Field>
                <button
                  className="ember-button"
                  type="button"
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                  aria-label={`Move ${stage.name} up`}
                >
                  ↑
                </button>
                <button
                  className="ember-button"
                  type="button"
                  disabled={index === workflow.stages.length - 1}
                  onClick={() => move(index, 1)}
                  aria-label={`Move ${stage.name} down`}
                >
                  ↓
                </button>
                <button
                  className="ember-button"
                  type="button"
                  onClick={() => {
                    const second: Stage = {
                      ...stage,
                      id: slug(`${stage.id}-2`, taken()),
                      name: freshName(stage.name, workflow.stages),
                      rules: [],
                      checklist: [],
                    };
                    const stages = [...workflow.stages];
                    stages.splice(index + 1, 0, second);
                    restructure({ ...workflow, stages });
                  }}
                >
                  Split
                </button>
                <button
                  className="ember-button danger"
                  type="button"
                  disabled={workflow.stages.length === 1}
                  onClick={() => restructure({ ...workflow, stages: workflow.stages.filter((_, at) => at !== index) })}
                >
                  Remove
                </button>
              </div>
              <Field
                label="Exit criterion: what the buyer did"
                nudge={nudge}
                error={errors[`stages[${index}].exitCriterion`]}
              >
                {(control) => (
                  <textarea
                    {...control}
                    rows={2}
                    value={stage.exitCriterion}
                    onChange={(event) => setStage(index, { exitCriterion: event.target.value })}
                  />
                )}
              </Field>
              <Field label="Checklist (one item a line)" error={checklistError(index)}>
                {(control) => (
                  <textarea
                    {...control}
                    rows={2}
                    value={stage.checklist.join('\n')}
                    onChange={(event) =>
                      setStage(index, {
                        checklist: event.target.value.split('\n').filter((item) => item.trim() !== ''),
                      })
                    }
                  />
                )}
              </Field>
              {rulesEditor(stage.rules, (rules) => setStage(index, { rules }), `stages[${index}].rules`)}
            </li>
          );
        })}
      </ol>
      <button
        className="ember-button"
        type="button"
        onClick={() =>
          restructure({
            ...workflow,
            stages: [
              ...workflow.stages,
              {
                id: slug('new stage', taken()),
                name: freshName('New stage', workflow.stages),
                exitCriterion: 'The buyer …',
                checklist: [],
                rules: [],
              },
            ],
          })
        }
      >
        Add stage
      </button>
      <h3>For every stage</h3>
      <Field label="A deal goes quiet after (days without an exchange)" error={errors.quietAfterDays}>
        {(control) => (
          <input
            {...control}
            type="number"
            min={1}
            value={workflow.quietAfterDays}
            onChange={(event) => setWorkflow({ ...workflow, quietAfterDays: Number(event.target.value) })}
          />
        )}
      </Field>
      {rulesEditor(workflow.rules, (rules) => setWorkflow({ ...workflow, rules }), 'rules')}
      {removed.length > 0 && (
        <div className="ember-card">
          {removed.map((stage) => (
            <label key={stage.id} className="ember-field">
              <span>
                {loaded.openDeals[stage.id] === 1 ? 'One open deal is' : `${loaded.openDeals[stage.id]} open deals are`}{' '}
                in {stage.name}, which you removed. Move {loaded.openDeals[stage.id] === 1 ? 'it' : 'them'} to
              </span>
              <select
                value={moves[stage.id] ?? ''}
                onChange={(event) => setMoves({ ...moves, [stage.id]: event.target.value })}
              >
                <option value="">Choose a stage…</option>
                {workflow.stages.map((target) => (
                  <option key={target.id} value={target.id}>
                    {target.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      )}
      <div className="ember-row">
        <button className="ember-button primary" type="button" onClick={() => void save()}>
          Save workflow
        </button>
        {unshown.length < Object.keys(errors).length && (
          <span className="ember-error">Fix the fields marked above.</span>
        )}
        {unshown.map(([path, message]) => (
          <span key={path} className="ember-error" role="alert">
            {stageOf(path, workflow)}
            {message}
          </span>
        ))}
        {status &&
          (status.failed ? (
            <span className="ember-error" role="alert">
              {status.text}
            </span>
          ) : (
            <span role="status">{status.text}</span>
          ))}
      </div>
    </section>
  );
}
