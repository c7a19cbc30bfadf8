// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { QueueList } from '@/components/queue/queue-list';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

const ACCOUNT = 'sam@emberseller.com';

describe("Gmail's queue list", () => {
  test('says what to do about a person in a sentence', async () => {
    const { client, clock } = testClient();
    clock.set(Date.now());
    await client.request('loadSampleData', { account: ACCOUNT });
    render(<QueueList client={client} account={ACCOUNT} onOpenThread={() => {}} />);
    const items = await screen.findAllByRole('listitem');
    const intro = items.find((item) => item.textContent.includes('lee@acme.example'));
    expect(intro?.textContent).toContain('Introduce yourself to lee@acme.example (New stakeholder)');
  });
});
