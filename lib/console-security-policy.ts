/**
 * The console's Content-Security-Policy, one definition for CloudFront (lib/constructs/
 * console-hosting.ts) and the local stack (lib/local/local-console.ts), so the policy the browser
 * tests run under is the one deployed.
 *
 * Scripts come only from the console's own files. Styles may also be inline: the template preview
 * shows the marketer's email, whose HTML carries its own inline styles, in a sandboxed frame
 * (no script runs in it) that inherits this policy. Requests go to the console's own origin (the
 * API under /v1) and, in AWS, the managed login's token endpoint; forms post only there too.
 */
export function consoleContentSecurityPolicy(signInOrigin?: string): string {
  const signIn = signInOrigin ? ` ${signInOrigin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${signIn}`,
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    `form-action 'self'${signIn}`,
  ].join('; ');
}
