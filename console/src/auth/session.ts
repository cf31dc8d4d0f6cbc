/**
 * Who is signed in: a bearer token and the roles it carries. Kept in sessionStorage (gone with
 * the tab, never shared with other sites). A 401 from the API ends the session and the app shows
 * the sign-in page with the reason, coming back to the same page afterwards.
 */
import { useEffect, useState } from 'preact/hooks';

export const ROLES = ['admin', 'marketer', 'agent', 'integration'] as const;
export type Role = (typeof ROLES)[number];

export interface Session {
  token: string;
  roles: Role[];
  /** How the user is named in call tasks (Cognito user name or e-mail; locally, the name given). */
  name: string;
  kind: 'token' | 'cognito';
  /** Epoch milliseconds after which the token is refused (Cognito); none for local tokens. */
  expiresAt?: number;
}

const KEY = 'reactivate.session';
let session: Session | undefined = load();
let expiredReason: string | undefined;
const listeners = new Set<() => void>();

function load(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

function notify() {
  for (const listener of listeners) listener();
}

export function currentSession(): Session | undefined {
  if (session?.expiresAt && session.expiresAt < Date.now()) sessionExpired();
  return session;
}

export function signedIn(next: Session): void {
  session = next;
  expiredReason = undefined;
  sessionStorage.setItem(KEY, JSON.stringify(next));
  notify();
}

export function signOut(reason?: string): void {
  session = undefined;
  expiredReason = reason;
  sessionStorage.removeItem(KEY);
  notify();
}

export function sessionExpired(): void {
  if (session) signOut('Your session has expired or the token was refused: sign in again.');
}

/** Why the last session ended, for the sign-in page. */
export const signOutReason = () => expiredReason;

export function hasRole(s: Session | undefined, ...roles: Role[]): boolean {
  return !!s && (s.roles.includes('admin') || roles.some((r) => s.roles.includes(r)));
}

/** The session, re-rendering on sign-in and sign-out. */
export function useSession(): Session | undefined {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((t) => t + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return currentSession();
}
