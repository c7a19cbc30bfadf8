// Build-time settings Ember reads (Vite exposes WXT_-prefixed variables to import.meta.env).
interface ImportMetaEnv {
  /** The Google OAuth client id for connecting Gmail and Calendar; unset: Google cannot be connected. */
  readonly WXT_GOOGLE_CLIENT_ID?: string;
}
