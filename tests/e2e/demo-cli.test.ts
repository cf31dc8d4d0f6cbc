/**
 * `reactivate demo` as a user runs it on a fresh clone: a generated shop, scored, one campaign
 * run to the end of every journey on the embedded local stack, and a summary.
 */
import { describe, expect, it } from 'vitest';
import type { DemoSummary } from '../../lib/cli/demo-command.js';
import { reactivateCli } from '../support/cli.js';

describe('CLI: reactivate demo', () => {
  it('runs a whole campaign to the end of every journey: the control group recorded, nobody messaged twice', async () => {
    const result = await reactivateCli('demo', '--customers', '150', '--days-per-second', '3', '--json');
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as DemoSummary;
    expect(summary.customers).toBe(150);
    expect(summary.scored).toBe(150);
    const { launch } = summary;
    expect(launch.scanned).toBe(150);
    expect(launch.selected).toBe(launch.started + launch.heldOut);
    expect(launch.started).toBeGreaterThan(20);
    expect(summary.duplicates).toBe(0);
    expect(summary.messages.emails).toBeGreaterThan(0);
    expect(summary.messages.emails).toBeLessThanOrEqual(launch.started);
    expect(summary.messages.callTasks).toBeGreaterThan(0);
    // Every journey reached an end; the control group's were recorded and never started.
    expect(summary.outcomes.active ?? 0).toBe(0);
    expect(summary.outcomes['held-out']).toBe(launch.heldOut);
    expect(summary.transitions.fullyEscalatedMax).toBeLessThanOrEqual(15);
    expect(summary.timelines.length).toBeGreaterThan(0);
    // The report: the control group got nothing and bought nothing; the contacted answered.
    const { report } = summary;
    expect(report.journeys).toMatchObject({ enrolled: launch.started, heldOut: launch.heldOut, active: 0 });
    expect(report.steps.email.sent).toBe(summary.messages.emails);
    expect(report.steps.call.tasks).toBe(summary.messages.callTasks);
    expect(report.reactivation.heldOut.count).toBe(0);
    expect(report.reactivation.enrolled.count).toBeGreaterThan(0);
    expect(report.reactivation.lift?.difference).toBeGreaterThan(0);
    expect(report.revenue?.incremental).toBeGreaterThan(0);
  }, 240_000);

  it('says how to start a stack when asked for a report without one', async () => {
    const result = await reactivateCli(
      '--data-dir',
      '/tmp/reactivate-no-stack-here',
      'report',
      'demo-winback',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/reactivate start|npm start/);
  });

  it('refuses a customer count it cannot generate, with exit code 2', async () => {
    const result = await reactivateCli('demo', '--customers', 'lots');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--customers must be a whole number/);
  });
});
