import { GOOGLE_SCOPES } from '../lib/background/google/web-auth';

/**
 * What connecting Google adds to the manifest, only when the build is given an OAuth client id
 * (README, "Connecting Gmail and Calendar"): the `identity` permission, the `oauth2` block
 * chrome.identity.getAuthToken reads, and the pinned `key` that keeps the extension id the client
 * was registered for. A build without a client id asks for none of it.
 */
export interface GoogleBuildEnv {
  WXT_GOOGLE_CLIENT_ID?: string | undefined;
  /** The extension's public key (base64, from the Web Store's package or `openssl`): pins its id. */
  WXT_EXTENSION_KEY?: string | undefined;
}

export interface GoogleManifestFields {
  permissions: string[];
  oauth2?: { client_id: string; scopes: string[] };
  key?: string;
}

export function googleManifestFields(env: GoogleBuildEnv): GoogleManifestFields {
  const clientId = env.WXT_GOOGLE_CLIENT_ID?.trim() ?? '';
  if (clientId === '') return { permissions: [] };
  const key = env.WXT_EXTENSION_KEY?.replace(/\s+/g, '') ?? '';
  if (key === '') {
    throw new Error(
      'WXT_GOOGLE_CLIENT_ID is set but WXT_EXTENSION_KEY is not: a Google OAuth client is bound to one ' +
        'extension id, so the build must pin it with the extension’s public key (see the README).',
    );
  }
  if (!/^[\w.-]+\.apps\.googleusercontent\.com$/.test(clientId)) {
    throw new Error(`WXT_GOOGLE_CLIENT_ID "${clientId}" is not a Google OAuth client id (…apps.googleusercontent.com)`);
  }
  return { permissions: ['identity'], oauth2: { client_id: clientId, scopes: [...GOOGLE_SCOPES] }, key };
}
