/**
 * Loading data: a hook that runs a request, re-runs it on demand or on an interval, and keeps
 * the last good data while a refresh fails (a lost connection shows a banner and recovers on its
 * own). Errors show the API's problem: its status, title and detail.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, ConnectionError } from '../api/client.js';

export interface Loaded<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload: () => Promise<void>;
  updatedAt?: Date;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[], refreshMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean; updatedAt?: Date }>({
    loading: true,
  });
  const latest = useRef(load);
  latest.current = load;
  const reload = useCallback(async () => {
    try {
      const data = await latest.current();
      setState({ data, loading: false, updatedAt: new Date() });
    } catch (error) {
      setState((s) => ({ ...s, error: error as Error, loading: false }));
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  useEffect(() => {
    setState({ loading: true });
    void reload();
    if (!refreshMs) return;
    const timer = setInterval(() => void reload(), refreshMs);
    return () => clearInterval(timer);
  }, deps);
  return { ...state, reload };
}

export function ErrorPanel({ error }: { error: Error }) {
  if (error instanceof ApiError) {
    const { status, title, detail } = error.problem;
    return (
      <div class="problem" role="alert">
        <strong>
          {status === 403 ? 'Not allowed' : title} ({status})
        </strong>
        <p>{status === 403 ? `Your role may not do this. ${detail}` : detail}</p>
      </div>
    );
  }
  if (error instanceof ConnectionError)
    return (
      <div class="problem offline" role="alert">
        <strong>Connection lost</strong>
        <p>{error.message}</p>
      </div>
    );
  return (
    <div class="problem" role="alert">
      <strong>Something went wrong</strong>
      <p>{error.message}</p>
    </div>
  );
}

/** Renders the data once loaded; the error (with the data kept if there was some) otherwise. */
export function Async<T>({
  state,
  children,
}: {
  state: Loaded<T>;
  children: (data: T) => ComponentChildren;
}) {
  if (state.data === undefined) {
    if (state.error) return <ErrorPanel error={state.error} />;
    return (
      <p class="loading" aria-live="polite">
        Loading…
      </p>
    );
  }
  return (
    <>
      {state.error && <ErrorPanel error={state.error} />}
      {children(state.data)}
    </>
  );
}

/** Sets the document title: each page names itself (screen readers announce it). */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Reactivate`;
  }, [title]);
}
