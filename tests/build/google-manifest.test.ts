import { describe, expect, test } from 'vitest';
import { GOOGLE_SCOPES } from '@/lib/background/google/web-auth';
import { googleManifestFields } from '../../scripts/google-manifest';

const CLIENT = '1234-abc.apps.googleusercontent.com';
const KEY = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA';

describe('googleManifestFields', () => {
  test.each([{}, { WXT_GOOGLE_CLIENT_ID: '' }, { WXT_GOOGLE_CLIENT_ID: '  ', WXT_EXTENSION_KEY: KEY }])(
    'without a client id (%o) the manifest gets nothing',
    (env) => {
      expect(googleManifestFields(env)).toEqual({ permissions: [] });
    },
  );

  test('with a client id and a key: identity, oauth2 with the read-only scopes, and the pinned key', () => {
    expect(googleManifestFields({ WXT_GOOGLE_CLIENT_ID: CLIENT, WXT_EXTENSION_KEY: `${KEY}\n` })).toEqual({
      permissions: ['identity'],
      oauth2: { client_id: CLIENT, scopes: [...GOOGLE_SCOPES] },
      key: KEY,
    });
  });

  test.each([
    [{ WXT_GOOGLE_CLIENT_ID: CLIENT }, /WXT_EXTENSION_KEY is not/],
    [{ WXT_GOOGLE_CLIENT_ID: 'my-client', WXT_EXTENSION_KEY: KEY }, /not a Google OAuth client id/],
  ])('a build it cannot make refuses with why: %o', (env, error) => {
    expect(() => googleManifestFields(env)).toThrow(error);
  });
});
