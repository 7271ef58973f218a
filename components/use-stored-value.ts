"use client";

import { useCallback, useSyncExternalStore } from "react";

// Pages in this tab that write through the hook tell the others; other tabs say so by "storage".
const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/**
 * A localStorage entry as React state. The server (and hydration) sees null and the browser's
 * value comes right after, so the first paint matches the server's HTML; reading localStorage
 * in the first render instead would not.
 */
export function useStoredValue(key: string): [string | null, (value: string) => void] {
  const value = useSyncExternalStore(
    subscribe,
    () => window.localStorage.getItem(key),
    () => null,
  );
  const store = useCallback(
    (next: string) => {
      window.localStorage.setItem(key, next);
      for (const listener of listeners) listener();
    },
    [key],
  );
  return [value, store];
}
