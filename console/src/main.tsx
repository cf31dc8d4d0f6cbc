/**
 * The console's entry: reads `config.json` (how to sign in: a local token, or Cognito in AWS),
 * completes a Cognito redirect if this page is one, then renders the app.
 */
import { render } from 'preact';
import { App } from './app.js';
import { type CognitoConfig, completeCognitoSignIn } from './auth/cognito-sign-in.js';
import { signedIn } from './auth/session.js';
import './styles.css';

export type AuthConfig = { kind: 'token' } | CognitoConfig;

async function main() {
  const root = document.getElementById('app') as HTMLElement;
  let auth: AuthConfig = { kind: 'token' };
  let startupError: string | undefined;
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (response.ok) auth = ((await response.json()) as { auth: AuthConfig }).auth;
  } catch {
    startupError = 'The console could not load its configuration: check your connection and reload.';
  }
  if (auth.kind === 'cognito') {
    try {
      const done = await completeCognitoSignIn(auth);
      if (done) {
        signedIn(done.session);
        location.hash = done.returnTo;
      }
    } catch (error) {
      startupError = (error as Error).message;
    }
  }
  render(<App auth={auth} startupError={startupError} />, root);
}

void main();
