/** Set by Vite's `define` (see vite.config.ts): identifies the build in the UI and in error reports. */
// oxlint-disable-next-line no-underscore-dangle -- the name is Vite's `define` convention
declare const __BUILD_ID__: string;
