/**
 * A finished campaign with known answers: 100 contacted (80 emailed, 20 buy within the 30-day
 * window, 5 only after it), 100 held out (10 buy), three call tasks (one of another campaign).
 */

import type { CallTask } from '../../functions/domain/journey/call-task.js';
import { type Campaign, campaignSettingsSchema } from '../../functions/domain/journey/campaign.js';
import type { CustomerPurchases } from '../../functions/domain/journey/campaign-report.js';
import type { JourneyRecord } from '../../functions/domain/journey/journey.js';

export function summerCampaign() {
  const ENROLLED = '2026-06-01T10:00:00.000Z';
  const enrolDay = Math.floor(Date.parse(ENROLLED) / 86_400_000);
  const campaign: Campaign = {
    campaignId: 'summer',
    status: 'completed',
    createdAt: ENROLLED,
    updatedAt: ENROLLED,
    emailStats: { sent: 80, delivered: 78, bounced: 2, opened: 30, clicked: 12 },
    ...campaignSettingsSchema.parse({
      name: 'Summer',
      attributionDays: 30,
      email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
      sms: { text: 'Hi' },
    }),
  };
  const at = (days: number) => new Date(Date.parse(ENROLLED) + days * 86_400_000).toISOString();

  /** 100 contacted (20 buy within the window, 5 only after it), 100 held out (10 buy). */
  const journeys: JourneyRecord[] = [];
  const purchases = new Map<string, CustomerPurchases>();
  for (let i = 0; i < 100; i++) {
    const customerId = `c-${i}`;
    const bought = i < 20;
    journeys.push({
      campaignId: 'summer',
      customerId,
      status: bought ? 'ended' : 'completed',
      enrolledAt: ENROLLED,
      spendAtEnrolment: 100,
      ...(bought ? { exitReason: 'purchase' } : {}),
      timeline: [
        { at: at(0), step: 'start', outcome: 'enrolled' },
        i < 80
          ? { at: at(1), step: 'email', outcome: 'sent' }
          : { at: at(1), step: 'email', outcome: 'skipped', reason: 'no email consent' },
        ...(i >= 10 && i < 90 ? [{ at: at(4), step: 'sms' as const, outcome: 'sent' }] : []),
        ...(bought
          ? [{ at: at(i < 10 ? 2 : 5), step: 'exit' as const, outcome: 'ended', reason: 'purchase' }]
          : []),
      ],
    });
    if (bought) purchases.set(customerId, { purchaseDays: [enrolDay - 100, enrolDay + 3], spend: 160 });
    else if (i < 25) purchases.set(customerId, { purchaseDays: [enrolDay - 100, enrolDay + 45], spend: 130 });
    else purchases.set(customerId, { purchaseDays: [enrolDay - 100], spend: 100 });
  }
  for (let i = 0; i < 100; i++) {
    const customerId = `h-${i}`;
    journeys.push({
      campaignId: 'summer',
      customerId,
      status: 'held-out',
      enrolledAt: ENROLLED,
      spendAtEnrolment: 100,
      timeline: [{ at: at(0), step: 'start', outcome: 'held-out' }],
    });
    purchases.set(customerId, {
      purchaseDays: i < 10 ? [enrolDay - 100, enrolDay + 10] : [enrolDay - 100],
      spend: i < 10 ? 140 : 100,
    });
  }
  const tasks: CallTask[] = [
    {
      taskId: 't1',
      campaignId: 'summer',
      customerId: 'c-95',
      status: 'done',
      dueAt: at(8),
      createdAt: at(7),
      context: {},
      outcome: { reached: true, result: 'left', leavingReason: 'price', recordedAt: at(8) },
    },
    {
      taskId: 't2',
      campaignId: 'summer',
      customerId: 'c-96',
      status: 'open',
      dueAt: at(8),
      createdAt: at(7),
      context: {},
    },
    {
      taskId: 't3',
      campaignId: 'other',
      customerId: 'x',
      status: 'open',
      dueAt: at(8),
      createdAt: at(7),
      context: {},
    },
  ];
  return { campaign, journeys, purchases, tasks, at };
}
