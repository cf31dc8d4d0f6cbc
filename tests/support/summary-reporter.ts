/**
 * Ends every run with one plain line, `N passed, N failed[, N skipped]`, that any CI log reader
 * understands (vitest's own summary is decorated and split over several lines).
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const count = (state: 'passed' | 'failed' | 'skipped') =>
      testModules.reduce((n, m) => n + [...m.children.allTests(state)].length, 0);
    const failed = count('failed') + unhandledErrors.length;
    const skipped = count('skipped');
    process.stdout.write(
      `\n${count('passed')} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
    );
  }
}
