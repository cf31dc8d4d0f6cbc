/**
 * `reactivate doctor --local` against the local stack and the account it simulates: a new,
 * sandboxed account fails with what to do about it (exit 1); an account in production with the
 * configured sender and origination number is ready (exit 0). The real CLI in its own process.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reactivateCli } from '../support/cli.js';
import { startTestStack } from '../support/local-stack.js';

const SHOP = {
  journeys: {
    emailFrom: 'Example Shop <winback@mail.example.com>',
    sms: { originationNumber: '+18005550100' },
  },
};

describe('CLI: reactivate doctor --local', () => {
  it('reports a sandboxed account as not ready, says what to request, and exits 1', async () => {
    // Prepare: a stack started as by `npm start` (a new account: SES and SMS sandboxes)
    const stack = await startTestStack();
    try {
      // Act
      const { code, stdout } = await reactivateCli(
        '--data-dir',
        stack.dataDir,
        'doctor',
        '--local',
        '--volume',
        '21215',
      );
      const json = await reactivateCli('--data-dir', stack.dataDir, 'doctor', '--local', '--json');

      // Assess
      expect(code).toBe(1);
      expect(stdout).toContain("Readiness of stage 'local' in us-east-1 for a campaign of 21,215 customers");
      expect(stdout).toMatch(
        /FAIL {2}SES production access +the account is in the SES sandbox in us-east-1: emails reach only verified addresses, at most 200 a day — request production access: https:\/\/docs\.aws\.amazon\.com\/ses\/latest\/dg\/request-production-access\.html/,
      );
      expect(stdout).toMatch(
        /WARN {2}SES daily quota and send rate +21,215 emails need 107 days at the current 200\/day quota/,
      );
      expect(stdout).toMatch(/FAIL {2}SMS sandbox +the account is in the SMS sandbox in us-east-1/);
      // The default pace (14 emails a second) is more than a sandbox allows (1 a second): the
      // journeys will send at 1 a second.
      expect(stdout).toMatch(
        /WARN {2}Email send rate \(journeys\.pacing\.emailPerSecond\) +journeys\.pacing\.emailPerSecond is 14\/s, above the account's maximum send rate of 1\/s in us-east-1: the journeys send at 1\/s/,
      );
      expect(stdout).toMatch(/ok {4}SES sending identity +example\.com is verified for sending/);
      expect(stdout).toMatch(/ok {4}call schedule group +reactivate-local-calls: ACTIVE/);
      expect(stdout).toMatch(
        /ok {4}table customers +reactivate-local-customers: ACTIVE, point-in-time recovery on/,
      );
      expect(stdout).toContain('Not ready: 2 failed');
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({
        stage: 'local',
        status: 'fail',
        checks: expect.arrayContaining([
          expect.objectContaining({ id: 'email.production-access', status: 'fail' }),
          expect.objectContaining({
            id: 'workflow.journey',
            status: 'ok',
            message: 'reactivate-local-journey: ACTIVE',
          }),
        ]),
      });
    } finally {
      await stack.close();
    }
  });

  it('reports an account in production, sending as configured, as ready and exits 0', async () => {
    // Prepare: `reactivate start --account production` with the shop's sender and number
    const stack = await startTestStack({ account: 'production', config: SHOP });
    const configFile = join(stack.dataDir, 'shop.json');
    writeFileSync(configFile, JSON.stringify(SHOP));
    try {
      // Act
      const { code, stdout } = await reactivateCli(
        '--data-dir',
        stack.dataDir,
        'doctor',
        '--local',
        '--config',
        configFile,
        '--volume',
        '21215',
      );

      // Assess
      expect(code).toBe(0);
      expect(stdout).toMatch(/ok {4}SES production access +the account has production access in us-east-1/);
      expect(stdout).toMatch(
        /ok {4}SES daily quota and send rate +21,215 emails fit the 50,000\/day quota \(0 sent in the last 24 h\); at 14\/s they take at least 26 min/,
      );
      expect(stdout).toMatch(
        /ok {4}Email send rate \(journeys\.pacing\.emailPerSecond\) +14\/s, within the account's 14\/s/,
      );
      expect(stdout).toMatch(/ok {4}SMS origination number +\+18005550100 is active for SMS/);
      expect(stdout).toContain('Ready: all');
    } finally {
      await stack.close();
    }
  });
});
