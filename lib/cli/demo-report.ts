/** The demo's summary as people read it. */
import type { DemoSummary } from './demo-command.js';
import { counts, fmt } from './output.js';
import { reportLines } from './report-command.js';

export function printDemoSummary(s: DemoSummary): void {
  const l = s.launch;
  console.log(`
Demo campaign complete: ${fmt(s.simulatedDays, 1)} simulated days in ${fmt(s.wallSeconds, 1)} s of wall time.

Shop        ${fmt(s.customers)} customers, ${fmt(s.orders)} orders; ${fmt(s.scored)} scored
Audience    ${fmt(l.selected)} selected of ${fmt(l.scanned)}: ${fmt(l.started)} journeys, ${fmt(l.heldOut)} held out (no message)
Excluded    ${counts(l.excluded as Record<string, number>)}
Messages    ${fmt(s.messages.emails)} emails, ${fmt(s.messages.sms)} SMS, ${fmt(s.messages.callTasks)} manager call tasks; ${fmt(s.duplicates)} duplicates
Responses   ${counts(s.responses)}
Journeys    ${counts(s.outcomes)}
Transitions per journey: mean ${fmt(s.transitions.mean, 1)}, max ${fmt(s.transitions.max)}; fully escalated (email, SMS, call) max ${fmt(s.transitions.fullyEscalatedMax)}
Per journey Lambda invocations ${fmt(s.perJourney.lambdaInvocations, 1)}, DynamoDB requests ${fmt(s.perJourney.dynamodbRequests, 1)} (launch and the demo's polling included)`);
  for (const t of s.timelines) {
    console.log(`\nTimeline of ${t.customerId} (${t.timeZone}, local time):`);
    for (const entry of t.entries) console.log(`  ${entry}`);
  }
  console.log(`\n${reportLines(s.report).join('\n')}`);
}
