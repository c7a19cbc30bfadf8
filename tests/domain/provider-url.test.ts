import { describe, expect, test } from 'vitest';
import { draftingSettingsSchema } from '@/lib/domain/settings';

/** The drafting provider's URL: https, or http to this machine only (issue 17: no key or mail in the clear). */
describe('the drafting base URL', () => {
  test.each([
    'https://api.openai.com/v1',
    'https://llm.internal.example:8443/v1',
    'http://localhost:11434/v1',
    'http://127.0.0.1:8080/v1',
    'http://[::1]:8080/v1',
  ])('%s is accepted', (baseUrl) => {
    expect(draftingSettingsSchema.parse({ baseUrl }).baseUrl).toBe(baseUrl);
  });

  test.each([
    ['http://api.openai.com/v1', /must be https/],
    ['http://192.168.1.20:8080/v1', /must be https/],
    ['http://localhost.evil.example/v1', /must be https/],
    ['http://127.0.0.1.nip.io/v1', /must be https/],
    ['ftp://llm.example.com/', /http\(s\) URL/],
  ])('%s is refused', (baseUrl, error) => {
    const parsed = draftingSettingsSchema.safeParse({ baseUrl });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(error);
  });
});

test('credentials in the URL do not make another host look like this machine', () => {
  expect(draftingSettingsSchema.safeParse({ baseUrl: 'http://localhost@evil.example/v1' }).success).toBe(false);
  expect(draftingSettingsSchema.safeParse({ baseUrl: 'http://user@127.0.0.1:8080/v1' }).success).toBe(true);
});
