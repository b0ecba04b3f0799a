/**
 * What sync needs from the account session (client/src/account/session.ts): to say the server
 * answered 401 (the app shows "signed out, your changes are kept") and to hear when the user has
 * signed in again, so replication resumes with the changes kept on the device.
 */
export interface SessionLink {
  reportUnauthorized(): void;
  /** Calls back on every sign-in; returns the unsubscribe function. */
  onSignedIn(listener: () => void): () => void;
}
