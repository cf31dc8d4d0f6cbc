/** EventBridge Scheduler's schedule groups as the readiness check reads them (GetScheduleGroup). */
import {
  GetScheduleGroupCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { ScheduleGroups } from '../ports/readiness.js';

export class SchedulerScheduleGroups implements ScheduleGroups {
  constructor(private readonly scheduler: SchedulerClient) {}

  async state(name: string): Promise<string | null> {
    try {
      const group = await this.scheduler.send(new GetScheduleGroupCommand({ Name: name }));
      return group.State ?? 'UNKNOWN';
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return null;
      throw error;
    }
  }
}
