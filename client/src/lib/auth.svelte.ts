const KEY = "phasewise-token";

/**
 * The API token, when the server requires one. Kept for the browser session only (sessionStorage:
 * gone when the tab closes); sent as `Authorization: Bearer …` and in graphql-ws's connection_init.
 */
export const auth = $state({ token: sessionStorage.getItem(KEY) ?? "", required: false });

export function saveToken(token: string) {
  sessionStorage.setItem(KEY, token.trim());
  // The clients are built with the token; start afresh with it.
  window.location.reload();
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
  window.location.reload();
}

/** Marks the token as needed (missing or refused) when a result says UNAUTHENTICATED. */
export function noteUnauthenticated(codes: (string | undefined)[]) {
  if (codes.includes("UNAUTHENTICATED")) auth.required = true;
}
