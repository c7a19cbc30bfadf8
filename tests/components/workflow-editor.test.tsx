// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { sellerActivityNudge, WorkflowEditor } from '@/components/options/workflow-editor';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

const ACCOUNT = 'sam@seller.com';

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
    await user.clear(within(stage).getByLabelText(/^Exit criterion/));
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    expect((await within(stage).findByRole('alert')).textContent).toBe('must not be empty');
  });

  test('removing a stage deals are in asks where they go', async () => {
    const { user, client } = await renderEditor();
    await client.request('createDeal', { account: ACCOUNT, id: 'acme', title: 'Acme', stage: 'resolve', contacts: [] });
    cleanup();
    render(<WorkflowEditor client={client} account={ACCOUNT} />);
    const stage = await screen.findByRole('listitem', { name: 'Stage Resolve' });
    await user.click(within(stage).getByRole('button', { name: 'Remove' }));
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    expect(await screen.findByText('Choose where the deals in Resolve go.')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText(/1 open deal\(s\) are in Resolve/), 'propose');
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
