// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { OptionsApp } from '@/components/options/options-app';
import { SAMPLE_ACCOUNT } from '@/lib/domain/sample/sample-scenario';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

const ACCOUNT = 'sam@seller.com';

async function withAccount() {
  const harness = testClient();
  await harness.client.request('getQueue', { account: ACCOUNT });
  render(<OptionsApp client={harness.client} />);
  await screen.findByRole('form', { name: 'Account settings' });
  return { ...harness, user: userEvent.setup() };
}

describe('the options page', () => {
  test('with no account yet, says how to get one', async () => {
    render(<OptionsApp client={testClient().client} />);
    expect(await screen.findByText('No Gmail account yet')).toBeTruthy();
  });

  test('a fresh install can try Ember on a marked sample account, and remove it in one click', async () => {
    const { client } = testClient();
    const user = userEvent.setup();
    render(<OptionsApp client={client} />);
    await user.click(await screen.findByRole('button', { name: 'Try Ember with sample data' }));
    expect((await screen.findByRole('note')).textContent).toMatch(/This is the sample account/);
    expect((await client.request('listAccounts', {})).map(({ account }) => account)).toEqual([SAMPLE_ACCOUNT]);
    expect((await client.request('getQueue', { account: SAMPLE_ACCOUNT })).length).toBeGreaterThan(0);
    await user.click(
      within(screen.getByRole('note', { name: 'Sample account' })).getByRole('button', { name: 'Remove sample data' }),
    );
    await waitFor(() => expect(screen.getByText('No Gmail account yet')).toBeTruthy());
    expect(await client.request('listAccounts', {})).toEqual([]);
  });

  test('beside a Gmail account, the sample account is named as one in the picker', async () => {
    const { client } = testClient();
    await client.request('getQueue', { account: ACCOUNT });
    await client.request('loadSampleData', { account: SAMPLE_ACCOUNT });
    render(<OptionsApp client={client} />);
    const picker = await screen.findByLabelText<HTMLSelectElement>('Gmail account');
    expect([...picker.options].map((option) => option.textContent).sort()).toEqual([
      `Sample account (${SAMPLE_ACCOUNT})`,
      ACCOUNT,
    ]);
  });

  test('a consumer domain is refused next to its field, and nothing is saved', async () => {
    const { user, client } = await withAccount();
    const form = screen.getByRole('form', { name: 'Account settings' });
    await user.type(within(form).getByLabelText(/company's mail domains/), 'gmail.com');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      '"gmail.com" is a consumer mail domain, not a company\'s',
    );
    expect((await client.request('getSettings', { account: ACCOUNT })).companyDomains).toEqual([]);
  });

  test('valid settings are saved for the account', async () => {
    const { user, client } = await withAccount();
    const form = screen.getByRole('form', { name: 'Account settings' });
    await user.type(within(form).getByLabelText(/company's mail domains/), 'Seller.com\nember.io');
    await user.selectOptions(within(form).getByLabelText('Time zone'), 'Europe/Berlin');
    await user.click(within(form).getByLabelText('Sat'));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText('Saved')).toBeTruthy();
    expect(await client.request('getSettings', { account: ACCOUNT })).toMatchObject({
      companyDomains: ['seller.com', 'ember.io'],
      timeZone: 'Europe/Berlin',
      workingHours: { days: [1, 2, 3, 4, 5, 6], start: '09:00', end: '17:00' },
    });
  });

  test('working hours that end before they start are refused', async () => {
    const { user } = await withAccount();
    const form = screen.getByRole('form', { name: 'Account settings' });
    const end = within(form).getByLabelText('End');
    await user.clear(end);
    await user.type(end, '08:00');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'The end of the working day must be after its start.',
    );
  });

  test('the API key is sent once and never shown again', async () => {
    const { user, deps } = await withAccount();
    const form = await screen.findByRole('form', { name: 'Drafting provider' });
    const key = within(form).getByLabelText(/^API key/);
    await user.type(key, 'sk-secret');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await within(form).findByText('Saved');
    expect(await deps.secrets.getApiKey()).toEqual({ key: 'sk-secret', origin: 'https://api.openai.com' });
    expect((key as HTMLInputElement).value).toBe('');
    expect(key.getAttribute('placeholder')).toBe('A key is saved; type a new one to replace it');
    expect(document.body.innerHTML).not.toContain('sk-secret');
  });

  test('Import backup is a button, which opens the file picker', async () => {
    const { user } = await withAccount();
    const panel = screen.getByRole('region', { name: 'Your data' });
    const input = panel.querySelector('input[type=file]') as HTMLInputElement;
    let opened = 0;
    input.addEventListener('click', () => (opened += 1));
    await user.click(within(panel).getByRole('button', { name: 'Import backup' }));
    expect(opened).toBe(1);
  });

  test('a file that is not JSON is refused and nothing is imported', async () => {
    const { user } = await withAccount();
    const panel = screen.getByRole('region', { name: 'Your data' });
    const input = panel.querySelector('input[type=file]') as HTMLInputElement;
    await user.upload(input, new File(['{not json'], 'backup.json', { type: 'application/json' }));
    expect((await within(panel).findByRole('alert')).textContent).toBe('backup.json is not JSON: nothing was imported');
  });

  test('importing a backup says what it added, and importing it again that nothing changed', async () => {
    const source = testClient();
    await source.client.request('createDeal', {
      account: ACCOUNT,
      id: 'acme',
      title: 'Acme',
      contacts: ['dana@acme.com'],
    });
    const backup = await source.client.request('exportData', { account: ACCOUNT });
    const { user, client } = await withAccount();
    const panel = screen.getByRole('region', { name: 'Your data' });
    const input = panel.querySelector('input[type=file]') as HTMLInputElement;
    const upload = () =>
      user.upload(input, new File([JSON.stringify(backup)], 'backup.json', { type: 'application/json' }));
    await upload();
    expect((await within(panel).findByRole('status')).textContent).toBe(
      'Imported 0 messages and 1 of your actions; 1 deal rebuilt',
    );
    expect((await client.request('getDeal', { account: ACCOUNT, deal: 'acme' })).deal.title).toBe('Acme');
    await upload();
    await waitFor(() =>
      expect(within(panel).getByRole('status').textContent).toBe(
        'This browser already has everything in this backup: nothing changed',
      ),
    );
  });

  test('deleting all data asks first, then forgets the account', async () => {
    const { user, client } = await withAccount();
    const panel = screen.getByRole('region', { name: 'Your data' });
    await user.click(within(panel).getByRole('button', { name: 'Delete all my data' }));
    await user.click(within(panel).getByRole('button', { name: 'Keep it' }));
    expect(await client.request('listAccounts', {})).toHaveLength(1);
    await user.click(within(panel).getByRole('button', { name: 'Delete all my data' }));
    await user.click(within(panel).getByRole('button', { name: 'Delete everything' }));
    await waitFor(() => expect(screen.getByText('No Gmail account yet')).toBeTruthy());
    expect(await client.request('listAccounts', {})).toEqual([]);
  });
});

describe('drafting settings', () => {
  test('turning a provider on asks for its origin first, and a refusal saves nothing', async () => {
    const harness = testClient();
    await harness.client.request('getQueue', { account: ACCOUNT });
    const asked: string[] = [];
    let allow = false;
    render(
      <OptionsApp
        client={harness.client}
        requestOrigin={async (origin) => {
          asked.push(origin);
          return allow;
        }}
      />,
    );
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Drafting provider' });
    await user.click(within(form).getByLabelText('Write drafts with this provider'));
    const url = within(form).getByLabelText('Base URL');
    await user.clear(url);
    await user.type(url, 'http://localhost:11434/v1');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(
      await within(form).findByText('Ember needs your permission to reach http://localhost:11434; nothing was saved.'),
    ).toBeTruthy();
    expect((await harness.client.request('getDraftingSettings', {})).enabled).toBe(false);
    allow = true;
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText('Saved')).toBeTruthy();
    expect(await harness.client.request('getDraftingSettings', {})).toMatchObject({
      enabled: true,
      baseUrl: 'http://localhost:11434/v1',
    });
    expect(asked).toEqual(['http://localhost:11434', 'http://localhost:11434']);
  });

  test.each([
    [
      'not an address',
      'Base URL',
      'localhost 11434',
      'Enter the provider’s address, such as https://api.openai.com/v1.',
    ],
    [
      'plain http to another computer',
      'Base URL',
      'http://llm.example.com/v1',
      'Use an https address. Plain http is only for a provider on this computer (localhost, 127.0.0.1 or [::1]).',
    ],
    ['no model', 'Model', '', 'Enter the model’s name, such as gpt-4o-mini.'],
  ])(
    'a drafting provider with %s is refused in words, on its field, and nothing is saved',
    async (_case, field, value, message) => {
      const { user, client } = await withAccount();
      const form = await screen.findByRole('form', { name: 'Drafting provider' });
      const input = within(form).getByRole('textbox', { name: field });
      await user.clear(input);
      if (value !== '') await user.type(input, value);
      await user.click(within(form).getByRole('button', { name: 'Save' }));
      expect(await within(form).findByRole('textbox', { name: field, description: message })).toBe(input);
      expect(input.getAttribute('aria-invalid')).toBe('true');
      expect(await client.request('getDraftingSettings', {})).toMatchObject({
        baseUrl: 'https://api.openai.com/v1',
        model: 'gpt-4o-mini',
      });
    },
  );

  test('help text describes its field instead of being part of its name', async () => {
    await withAccount();
    const form = screen.getByRole('form', { name: 'Account settings' });
    expect(
      within(form).getByRole('textbox', {
        name: 'Your other addresses',
        description: 'Aliases you send as, one per line.',
      }),
    ).toBeTruthy();
    const drafting = await screen.findByRole('form', { name: 'Drafting provider' });
    expect(within(drafting).getByLabelText('API key', { exact: true }).getAttribute('aria-describedby')).toBeTruthy();
  });

  test('the voice panel shows what was learned and keeps a manual sign-off', async () => {
    const harness = testClient();
    await harness.client.request('getQueue', { account: ACCOUNT });
    render(<OptionsApp client={harness.client} />);
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Your voice' });
    expect(within(form).getByText(/has not seen you send mail yet/)).toBeTruthy();
    await user.type(within(form).getByLabelText(/^Always sign off as/), 'Warmly,{enter}Sam');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText('Saved')).toBeTruthy();
    expect((await harness.client.request('getVoice', { account: ACCOUNT })).profile.signOff).toBe('Warmly,\nSam');
  });
});
