/**
 * Local sign-in: the token `reactivate start` prints. The local stack says which role a token
 * carries (`GET /_local/whoami`); in AWS the role comes from the Cognito groups instead.
 */
import { ROLES, type Role, type Session } from './session.js';

export async function signInWithToken(token: string, name: string): Promise<Session> {
  let response: Response;
  try {
    response = await fetch('/_local/whoami', { headers: { authorization: `Bearer ${token.trim()}` } });
  } catch {
    throw new Error('The local stack does not answer: is `npm start` still running?');
  }
  if (response.status === 401) throw new Error('This token is not one the local stack printed.');
  if (!response.ok) throw new Error(`The local stack answered ${response.status}.`);
  const { role } = (await response.json()) as { role: Role };
  if (!ROLES.includes(role)) throw new Error(`Unknown role ${role}`);
  return { token: token.trim(), roles: [role], name: name.trim() || `local-${role}`, kind: 'token' };
}
