/** `reactivate --version`: what a user pastes into a bug report. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reactivateCli } from '../support/cli.js';

describe('CLI: reactivate --version', () => {
  it("prints the package's version and exits 0, under either spelling", async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await reactivateCli(flag);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(version);
    }
  });
});
