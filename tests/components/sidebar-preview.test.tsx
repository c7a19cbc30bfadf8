// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { gmailUi } from '@/components/gmail/ui';
import { previewRequest, SidebarPreview } from '@/components/preview/sidebar-preview';
import { closedShadowOf } from '@/lib/gmail/ember-shadow';
import { SAMPLE_ACCOUNT } from '@/lib/domain/sample/sample-scenario';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

describe('the sidebar preview of a sample thread (issue 18)', () => {
  test.each([
    [
      '?account=a%40b.example&deal=sample-acme&thread=sample-t1',
      { account: 'a@b.example', deal: 'sample-acme', thread: 'sample-t1' },
    ],
    ['?account=a%40b.example&deal=sample-acme', null],
    ['', null],
  ])('%s asks for %j', (search, expected) => {
    expect(previewRequest(search)).toEqual(expected);
  });

  test("shows the thread's mail and Ember's own sidebar on it, as Gmail would", async () => {
    const { client } = testClient();
    await client.request('loadSampleData', { account: SAMPLE_ACCOUNT });
    const { deal } = await client.request('getDeal', { account: SAMPLE_ACCOUNT, deal: 'sample-acme' });
    const thread = (await client.request('getDeal', { account: SAMPLE_ACCOUNT, deal: deal.id })).messages[0]!.thread;
    render(<SidebarPreview client={client} account={SAMPLE_ACCOUNT} deal={deal.id} thread={thread} ui={gmailUi} />);
    expect((await screen.findByRole('note')).textContent).toMatch(/this thread is made up, so Gmail cannot open it/);
    expect(screen.getByRole('region', { name: 'The thread' }).querySelectorAll('article').length).toBeGreaterThan(0);
    const host = screen.getByRole('complementary', { name: "Ember's sidebar" }).querySelector('.ember-root')!;
    await waitFor(() => expect(closedShadowOf(host)?.textContent).toContain(deal.title));
  });
});
