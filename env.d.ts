// Build-time settings Ember reads (Vite exposes WXT_-prefixed variables to import.meta.env).
interface ImportMetaEnv {
  /** The Google OAuth client id for connecting Gmail and Calendar; unset: Google cannot be connected. */
  readonly WXT_GOOGLE_CLIENT_ID?: string;
  /** A "Web application" client for the web sign-in (Edge, Brave); unset: WXT_GOOGLE_CLIENT_ID. */
  readonly WXT_GOOGLE_WEB_CLIENT_ID?: string;
}
