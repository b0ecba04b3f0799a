/** Version of the HTTP API; it is the `v1` in every `/api/v1/...` path. */
export const API_VERSION = 1;
export const API_BASE = `/api/v${API_VERSION}`;
