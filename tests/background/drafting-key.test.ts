import { describe, expect, test } from 'vitest';
import type { OpenAiProviderOptions } from '@/lib/llm/openai-provider';
import { DEFAULT_DRAFTING_SETTINGS } from '@/lib/domain/settings';
import { testBackground } from '../helpers/fake-ports';

/*
 * The drafting key goes only where it was given for, and only where the rep let Ember go
 * (issue 17): found in an audit, where Gmail's content script changed the base URL and had the
 * key sent to a new origin.
 */
const PAGE = { url: 'chrome-extension://ember/options.html' };
const settings = (baseUrl: string) => ({ ...DEFAULT_DRAFTING_SETTINGS, enabled: true, baseUrl, model: 'm' });

function setup(allowed: (origin: string) => boolean = () => true) {
  const created: OpenAiProviderOptions[] = [];
  const asked: string[] = [];
  const harness = testBackground({
    permissions: {
      contains: async (origin) => {
        asked.push(origin);
        return allowed(origin);
      },
    },
    createProvider: (options) => {
      created.push(options);
      return { complete: async () => ({}), check: async () => ({ ok: true, message: 'fine' }) };
    },
  });
  return { ...harness, handlers: harness.background.handlers(), created, asked };
}

describe('the drafting key and its origin', () => {
  test('a new base URL without a new key has no key: the old one is cleared, never sent there', async () => {
    const { handlers, created } = setup();
    const saved = await handlers.saveDraftingSettings(
      { settings: settings('https://api.openai.com/v1'), apiKey: 'sk-live' },
      PAGE,
    );
    expect(saved.hasApiKey).toBe(true);
    await handlers.testDraftingProvider({}, PAGE);
    expect(created.at(-1)?.apiKey).toBe('sk-live');

    const moved = await handlers.saveDraftingSettings({ settings: settings('https://evil.example/v1') }, PAGE);
    expect(moved.hasApiKey).toBe(false);
    await handlers.testDraftingProvider({}, PAGE);
    expect(created.at(-1)).toMatchObject({ baseUrl: 'https://evil.example/v1', apiKey: null });
    // Going back does not bring it back: it was cleared, not hidden.
    expect(
      (await handlers.saveDraftingSettings({ settings: settings('https://api.openai.com/v1') }, PAGE)).hasApiKey,
    ).toBe(false);
  });

  test('the same origin with another path keeps the key', async () => {
    const { handlers } = setup();
    await handlers.saveDraftingSettings({ settings: settings('https://api.openai.com/v1'), apiKey: 'sk-live' }, PAGE);
    expect(
      (await handlers.saveDraftingSettings({ settings: settings('https://api.openai.com/v2') }, PAGE)).hasApiKey,
    ).toBe(true);
  });

  test('without the permission for its origin no provider is called, and the rep is told why', async () => {
    const { handlers, created, asked } = setup((origin) => origin !== 'https://llm.example.com');
    await handlers.saveDraftingSettings({ settings: settings('https://llm.example.com/v1'), apiKey: 'sk-live' }, PAGE);
    expect(await handlers.testDraftingProvider({}, PAGE)).toEqual({
      ok: false,
      message:
        "Ember may not reach https://llm.example.com: save the drafting settings in Ember's options and allow it",
    });
    expect(created).toEqual([]);
    expect(asked).toEqual(['https://llm.example.com']);
  });
});

test('the options page is told, in words, why a saved plain-http provider is no longer used', async () => {
  const harness = testBackground({
    drafting: {
      get: async () => DEFAULT_DRAFTING_SETTINGS,
      save: async () => {},
      refusedBaseUrl: async () => 'http://llm.office.example:8080/v1',
    },
  });
  const view = await harness.background.handlers().getDraftingSettings({}, PAGE);
  expect(view.enabled).toBe(false);
  expect(view.notice).toMatch(
    /^Drafting was set to http:\/\/llm\.office\.example:8080\/v1: plain http to another machine/,
  );
});
