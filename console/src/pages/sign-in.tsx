/** Sign-in: the local stack's printed token, or the Cognito managed login in AWS. */
import { useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import { startCognitoSignIn } from '../auth/cognito-sign-in.js';
import { signedIn, signOutReason } from '../auth/session.js';
import { signInWithToken } from '../auth/token-sign-in.js';
import { useTitle } from '../components/async.js';
import type { AuthConfig } from '../main.js';

export function SignInPage({ auth, startupError }: { auth: AuthConfig; startupError?: string }) {
  useTitle('Sign in');
  const [location] = useLocation();
  const [token, setToken] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>(startupError);
  const [busy, setBusy] = useState(false);
  const reason = signOutReason();

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      signedIn(await signInWithToken(token, name));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="sign-in">
      <h1>Sign in to Reactivate</h1>
      {reason && (
        <p class="notice" role="status">
          {reason}
        </p>
      )}
      {error && (
        <p class="problem" role="alert">
          {error}
        </p>
      )}
      {auth.kind === 'cognito' ? (
        <button type="button" class="primary" onClick={() => void startCognitoSignIn(auth, location)}>
          Sign in with your account
        </button>
      ) : (
        <form onSubmit={submit}>
          <p>Paste a token that `reactivate start` printed: the admin token, or the token of your role.</p>
          <label for="token">Token</label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="off"
            required
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
          <label for="name">Your name (how call tasks name you)</label>
          <input id="name" name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <button type="submit" class="primary" disabled={busy}>
            Sign in
          </button>
        </form>
      )}
    </section>
  );
}
