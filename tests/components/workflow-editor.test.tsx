// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { sellerActivityNudge, WorkflowEditor } from '@/components/options/workflow-editor';
import { testClient } from '../helpers/test-client';

afterEach(() => {
  cleanup();
  // What a test added beside the editor: the theme's style sheet, a help text.
  document.head.replaceChildren();
  document.body.replaceChildren();
});

const ACCOUNT = 'sam@seller.com';

/** The rule rows in a stage's card, or in the workflow-wide part ("For every stage"). */
function ruleRowsOf(where: string): HTMLElement[] {
  const scope =
    where === 'For every stage'
      ? screen.getByRole('heading', { name: where }).parentElement!.querySelector(':scope > .rules')!
      : screen.getByRole('listitem', { name: where }).querySelector('.rules')!;
  return [...scope.querySelectorAll<HTMLElement>(':scope > .rule')];
}

/** The message an input is marked invalid with: it says so, and names the message that says why. */
async function messageElement(input: HTMLElement): Promise<HTMLElement> {
  await screen.findAllByText('Fix the fields marked above.');
  expect(input.getAttribute('aria-invalid')).toBe('true');
  const message = document.getElementById(input.getAttribute('aria-describedby') ?? '');
  expect(message).not.toBeNull();
  return message!;
}

async function messageOf(input: HTMLElement): Promise<string | null> {
  return (await messageElement(input)).textContent;
}

async function renderEditor() {
  const harness = testClient();
  await harness.client.request('getQueue', { account: ACCOUNT });
  render(<WorkflowEditor client={harness.client} account={ACCOUNT} />);
  await screen.findByRole('region', { name: 'Workflow' });
  return { ...harness, user: userEvent.setup() };
}

describe('the workflow editor', () => {
  test('renames a stage and saves a new version', async () => {
    const { user, client } = await renderEditor();
    const stage = screen.getByRole('listitem', { name: 'Stage Discovery' });
    const name = within(stage).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Diagnose');
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    expect(await screen.findByText('Saved as version 1.')).toBeTruthy();
    const saved = await client.request('getWorkflow', { account: ACCOUNT });
    expect(saved.workflow.stages[2]).toMatchObject({ id: 'discovery', name: 'Diagnose' });
  });

  test('an empty exit criterion is refused next to its field', async () => {
    const { user } = await renderEditor();
    const stage = screen.getByRole('listitem', { name: 'Stage Contact' });
    const criterion = within(stage).getByLabelText(/^Exit criterion/);
    await user.clear(criterion);
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    expect(await messageOf(criterion)).toBe('Say what the buyer did that ends this stage.');
  });

  test.each([
    ['a stage', 'Stage Contact'],
    ['every stage', 'For every stage'],
  ])('a negative delay in a rule of %s is marked on the delay, with its own message', async (_case, rows) => {
    const { user, client } = await renderEditor();
    const rule = ruleRowsOf(rows)[0]!;
    const delay = within(rule).getByLabelText('Maximum delay');
    await user.clear(delay);
    await user.type(delay, '-2');
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    expect(await messageOf(delay)).toBe('The delay can’t be negative.');
    expect(within(rule).getByLabelText('Trigger').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByText('Fix the fields marked above.')).toBeTruthy();
    expect((await client.request('getWorkflow', { account: ACCOUNT })).version).toBe(0);
  });

  test('every invalid field of a rule row and of a stage row is marked, each with its own message', async () => {
    const { user } = await renderEditor();
    const stage = screen.getByRole('listitem', { name: 'Stage Contact' });
    const name = within(stage).getByLabelText('Name');
    const criterion = within(stage).getByLabelText(/^Exit criterion/);
    // Contact has a rule for "Buyer replied"; an added rule is for it too.
    await user.click(within(stage).getByRole('button', { name: 'Add rule' }));
    const added = ruleRowsOf('Stage Contact')[1]!;
    const delay = within(added).getByLabelText('Maximum delay');
    await user.clear(delay);
    await user.type(delay, '-1');
    await user.clear(name);
    await user.clear(criterion);
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    expect(await messageOf(within(added).getByLabelText('Trigger'))).toBe(
      'Another rule here is also for “Buyer replied”. Keep one of them.',
    );
    expect(await messageOf(delay)).toBe('The delay can’t be negative.');
    expect(await messageOf(name)).toBe('Give the stage a name.');
    expect(await messageOf(criterion)).toBe('Say what the buyer did that ends this stage.');
  });

  test('a field is named by its label alone, and its nudge and error describe it, so each is heard once', async () => {
    const { user } = await renderEditor();
    const stage = screen.getByRole('listitem', { name: 'Stage Contact' });
    await user.clear(within(stage).getByRole('textbox', { name: 'Name' }));
    const criterion = within(stage).getByRole('textbox', { name: 'Exit criterion: what the buyer did' });
    await user.clear(criterion);
    await user.type(criterion, 'We sent the proposal');
    const quiet = screen.getByRole('spinbutton', { name: 'A deal goes quiet after (days without an exchange)' });
    await user.clear(quiet);
    await user.type(quiet, '0');
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    const name = await within(stage).findByRole('textbox', { name: 'Name', description: 'Give the stage a name.' });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    // The nudge is advice, not an error: it describes the field, and saving is still allowed by it.
    expect(criterion.getAttribute('aria-invalid')).toBeNull();
    expect(
      within(stage).getByRole('textbox', {
        name: 'Exit criterion: what the buyer did',
        description: /buyer/i,
      }),
    ).toBe(criterion);
    expect(quiet.getAttribute('aria-invalid')).toBe('true');
    expect(
      screen.getByRole('spinbutton', { name: 'A deal goes quiet after (days without an exchange)', description: /\S/ }),
    ).toBe(quiet);
  });

  test('a stage name used twice, in another case and spacing, is refused on both stages', async () => {
    const { user, client } = await renderEditor();
    const contactName = within(screen.getByRole('listitem', { name: 'Stage Contact' })).getByLabelText('Name');
    const discoveryName = within(screen.getByRole('listitem', { name: 'Stage Discovery' })).getByLabelText('Name');
    await user.clear(discoveryName);
    await user.type(discoveryName, ' CONTACT ');
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    expect(await messageOf(contactName)).toBe('Another stage is also called “Contact”. Give each stage its own name.');
    expect(await messageOf(discoveryName)).toBe(
      'Another stage is also called “CONTACT”. Give each stage its own name.',
    );
    expect((await client.request('getWorkflow', { account: ACCOUNT })).version).toBe(0);
  });

  test('splitting a stage twice names the new stages apart, so the workflow saves', async () => {
    const { user, client } = await renderEditor();
    const split = () =>
      user.click(
        within(screen.getByRole('listitem', { name: 'Stage Contact' })).getByRole('button', { name: 'Split' }),
      );
    await split();
    await split();
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    expect(await screen.findByText('Saved as version 1.')).toBeTruthy();
    const { workflow } = await client.request('getWorkflow', { account: ACCOUNT });
    expect(workflow.stages.slice(1, 4).map((stage) => stage.name)).toEqual(['Contact', 'Contact (3)', 'Contact (2)']);
  });

  test('saving with no change says so and saves no version, also after a save and after an edit undone', async () => {
    const { user, client } = await renderEditor();
    const save = () => user.click(screen.getByRole('button', { name: 'Save workflow' }));
    await save();
    expect(await screen.findByText('No changes to save.')).toBeTruthy();
    expect((await client.request('getWorkflow', { account: ACCOUNT })).version).toBe(0);

    const name = within(screen.getByRole('listitem', { name: 'Stage Discovery' })).getByLabelText('Name');
    await user.type(name, ' call');
    await save();
    expect(await screen.findByText('Saved as version 1.')).toBeTruthy();
    await save();
    expect(await screen.findByText('No changes to save.')).toBeTruthy();

    // Typed and taken back, with a space the save trims: what is saved is what there was.
    await user.type(name, 'x{Backspace} ');
    await save();
    expect(await screen.findByText('No changes to save.')).toBeTruthy();
    expect((await client.request('getWorkflow', { account: ACCOUNT })).version).toBe(1);
  });

  test("a field's error shows in the error colour, while help text stays grey", async () => {
    const theme = document.createElement('style');
    theme.textContent = readFileSync('components/theme.css', 'utf8');
    document.head.append(theme);
    const { user } = await renderEditor();
    const stage = screen.getByRole('listitem', { name: 'Stage Contact' });
    const name = within(stage).getByLabelText('Name');
    const criterion = within(stage).getByLabelText(/^Exit criterion/);
    await user.clear(criterion);
    await user.type(criterion, 'We sent the deck');
    await user.clear(name);
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    const colourOf = (element: Element) => getComputedStyle(element).color;
    expect(colourOf(await messageElement(name))).toBe('var(--ember-danger)');
    expect(colourOf(stage.querySelector('.ember-nudge')!)).toBe('var(--ember-flame)');
    // Help text as the settings form writes it: a plain small in a field.
    const field = document.body.appendChild(document.createElement('label'));
    field.className = 'ember-field';
    expect(colourOf(field.appendChild(document.createElement('small')))).toBe('var(--ember-muted)');
  });

  test('removing a stage deals are in asks where they go', async () => {
    const { user, client } = await renderEditor();
    await client.request('createDeal', { account: ACCOUNT, id: 'acme', title: 'Acme', stage: 'resolve', contacts: [] });
    cleanup();
    render(<WorkflowEditor client={client} account={ACCOUNT} />);
    const stage = await screen.findByRole('listitem', { name: 'Stage Resolve' });
    await user.click(within(stage).getByRole('button', { name: 'Remove' }));
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    // A refusal reads as one: an alert in the error colour.
    const refusal = await screen.findByRole('alert');
    expect([refusal.textContent, refusal.className]).toEqual(['Choose where the deals in Resolve go.', 'ember-error']);
    await user.selectOptions(
      screen.getByLabelText('One open deal is in Resolve, which you removed. Move it to'),
      'propose',
    );
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    expect(await screen.findByText('Saved as version 1.')).toBeTruthy();
    expect((await client.request('getDeal', { account: ACCOUNT, deal: 'acme' })).deal.stage).toBe('propose');
  });

  test('reorders, splits and edits a rule with a human unit', async () => {
    const { user, client } = await renderEditor();
    await user.click(screen.getByRole('button', { name: 'Move Propose up' }));
    await user.click(
      within(screen.getByRole('listitem', { name: 'Stage Contact' })).getByRole('button', { name: 'Split' }),
    );
    const contact = screen.getByRole('listitem', { name: 'Stage Contact' });
    await user.selectOptions(within(contact).getByLabelText('Unit'), 'hours');
    const delay = within(contact).getByLabelText('Maximum delay');
    await user.clear(delay);
    await user.type(delay, '2');
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    await screen.findByText('Saved as version 1.');
    const { workflow } = await client.request('getWorkflow', { account: ACCOUNT });
    expect(workflow.stages.map((stage) => stage.id)).toEqual([
      'identify',
      'contact',
      'contact-2',
      'propose',
      'discovery',
      'resolve',
      'close',
    ]);
    expect(workflow.stages[1]!.rules).toEqual([{ trigger: 'buyer_replied', action: 'book_meeting', maxDelay: 120 }]);
  });
});

test.each([
  ['We sent the proposal', true],
  ['Send the pricing', true],
  ['The buyer confirmed the proposal', false],
  ['A named person at the account has a reason to talk with us', false],
])('seller-activity nudge for %j: %s', (text, nudged) => {
  expect(sellerActivityNudge(text) !== null).toBe(nudged);
});
