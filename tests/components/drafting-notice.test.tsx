// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import { DraftingForm } from '@/components/options/drafting-form';
import { DEFAULT_DRAFTING_SETTINGS } from '@/lib/domain/settings';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

test('a saved plain-http provider that is no longer used is explained above the form', async () => {
  const { client } = testClient({
    sender: { url: 'chrome-extension://ember/options.html' },
    deps: {
      drafting: {
        get: async () => DEFAULT_DRAFTING_SETTINGS,
        save: async () => {},
        refusedBaseUrl: async () => 'http://llm.office.example:8080/v1',
      },
    },
  });
  render(<DraftingForm client={client} />);
  expect((await screen.findByRole('alert')).textContent).toMatch(
    /Drafting was set to http:\/\/llm\.office\.example:8080\/v1: plain http to another machine/,
  );
});
