/** A page that throws while rendering shows what broke, not a blank screen; the header stays usable. */
import type { ComponentChildren } from 'preact';
import { useErrorBoundary } from 'preact/hooks';

export function PageBoundary({ children }: { children: ComponentChildren }) {
  const [error, reset] = useErrorBoundary();
  if (error)
    return (
      <div class="problem" role="alert">
        <strong>This page failed to show</strong>
        <p>{(error as Error).message}</p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </div>
    );
  return <>{children}</>;
}
