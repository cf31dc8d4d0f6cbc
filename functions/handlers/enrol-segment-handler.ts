/** Campaign run, launch step 2 (one Map iteration, repeated until done): select and start one segment's journeys. */
import { workflowTask } from '../shared/workflow-task.js';
import { enrolSegment, type SegmentCounts } from '../use-cases/run-campaign.js';
import { segmentTaskInput } from './campaign-task-input.js';
import { launchContext } from './composition.js';

const deps = launchContext();

export const handler = workflowTask('enrol segment', segmentTaskInput, ({ done: _done, counts, ...input }) =>
  enrolSegment(deps, { ...input, ...(counts ? { counts: counts as SegmentCounts } : {}) }),
);
