/**
 * Readiness of the deployed stage itself: its CloudFormation stacks are in a stable state, every
 * table is ACTIVE with point-in-time recovery on, the journey, campaign and scoring state machines
 * exist, and so do the schedule group manager calls are created in and the role Scheduler uses.
 * Physical names come from the stacks (tables and the scoring machine are named by CloudFormation),
 * so a stack that is not deployed is reported once rather than as every resource it would hold.
 */
import { isRead, type Probe, type ReadinessCheck, unreadable } from './readiness-check.js';

export type WorkflowName = 'journey' | 'campaign' | 'scoring';

/** Where the stage's resources are, as found in its stacks (or the local stack's descriptor). */
export interface StageResources {
  /** The stage's CloudFormation stacks and their status (null: not deployed); empty locally. */
  stacks: { name: string; status: string | null }[];
  /** Every table the stage should have, by logical name (`customers`): its physical name, null if not found. */
  tables: Record<string, string | null>;
  /**
   * Every state machine this environment should run, by workflow: its ARN, null if not found.
   * (The local stack scores in the CLI, so it has no scoring machine.)
   */
  stateMachines: Partial<Record<WorkflowName, string | null>>;
  /** The role Scheduler assumes for call schedules: its name and stack status, null if missing, `unknown` when not discoverable. */
  schedulerRole: { name: string; status: string } | null | 'unknown';
}

export interface TableFacts {
  /** DynamoDB's TableStatus: ACTIVE, CREATING, UPDATING, DELETING, … */
  status: string;
  pointInTimeRecovery: boolean;
}

export interface StateMachineFacts {
  name: string;
  /** ACTIVE or DELETING. */
  status: string;
}

export interface StageFacts {
  stage: string;
  region: string;
  resources: Probe<StageResources>;
  /** DescribeTable / DescribeContinuousBackups of each located table; null value: no such table. */
  tables: Record<string, Probe<TableFacts | null>>;
  /** DescribeStateMachine of each located state machine; null value: no such machine. */
  stateMachines: Partial<Record<WorkflowName, Probe<StateMachineFacts | null>>>;
  /** GetScheduleGroup of the stage's call schedule group: its state, null if it does not exist. */
  scheduleGroup: { name: string; state: Probe<string | null> };
}

const deploy = (stage: string) => `deploy the stage: npx cdk deploy --all -c stage=${stage}`;

const WORKFLOW_TITLES: Record<WorkflowName, string> = {
  journey: 'journey state machine',
  campaign: 'campaign state machine',
  scoring: 'scoring state machine',
};

function stackCheck(stack: { name: string; status: string | null }, f: StageFacts): ReadinessCheck {
  const base = { id: `stack.${stack.name}`, area: 'stacks' as const, title: `stack ${stack.name}` };
  const status = stack.status;
  if (status === null)
    return { ...base, status: 'fail', message: `not deployed in ${f.region}: ${deploy(f.stage)}` };
  if (status.endsWith('_IN_PROGRESS'))
    return { ...base, status: 'warn', message: `${status}: wait for the deployment to finish` };
  if (status === 'UPDATE_ROLLBACK_COMPLETE')
    return {
      ...base,
      status: 'warn',
      message: `${status}: the last update failed and was rolled back — see the stack's events, then redeploy`,
    };
  if (/FAILED|ROLLBACK|DELETE/.test(status))
    return {
      ...base,
      status: 'fail',
      message: `${status}: see the stack's events in the CloudFormation console, fix the cause and redeploy`,
    };
  return { ...base, status: 'ok', message: status };
}

function tableCheck(table: string, f: StageFacts, r: StageResources): ReadinessCheck {
  const base = { id: `table.${table}`, area: 'tables' as const, title: `table ${table}` };
  const name = r.tables[table];
  const probe = f.tables[table];
  if (!name || !probe)
    return { ...base, status: 'fail', message: `not found in the stage's data stack: ${deploy(f.stage)}` };
  if (!isRead(probe)) return unreadable(base, probe);
  const facts = probe.value;
  if (!facts)
    return {
      ...base,
      status: 'fail',
      message: `${name} is in the stack but not in DynamoDB: ${deploy(f.stage)}`,
    };
  if (facts.status === 'CREATING' || facts.status === 'DELETING' || facts.status.startsWith('INACCESSIBLE'))
    return { ...base, status: 'fail', message: `${name} is ${facts.status}, not ACTIVE` };
  if (facts.status !== 'ACTIVE' && facts.status !== 'UPDATING')
    return { ...base, status: 'fail', message: `${name} is ${facts.status}: see the DynamoDB console` };
  if (!facts.pointInTimeRecovery)
    return {
      ...base,
      status: 'warn',
      message: `${name} is ${facts.status} but point-in-time recovery is off (the stack turns it on; it has drifted): aws dynamodb update-continuous-backups --table-name ${name} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`,
    };
  return { ...base, status: 'ok', message: `${name}: ${facts.status}, point-in-time recovery on` };
}

function stateMachineCheck(workflow: WorkflowName, f: StageFacts, r: StageResources): ReadinessCheck {
  const base = { id: `workflow.${workflow}`, area: 'workflows' as const, title: WORKFLOW_TITLES[workflow] };
  const arn = r.stateMachines[workflow];
  const probe = f.stateMachines[workflow];
  if (!arn || !probe)
    return {
      ...base,
      status: 'fail',
      message: `not found in the stage's workflow stack: ${deploy(f.stage)}`,
    };
  if (!isRead(probe)) return unreadable(base, probe);
  if (!probe.value) return { ...base, status: 'fail', message: `${arn} does not exist: ${deploy(f.stage)}` };
  if (probe.value.status !== 'ACTIVE')
    return {
      ...base,
      status: 'fail',
      message: `${probe.value.name} is ${probe.value.status}: ${deploy(f.stage)}`,
    };
  return { ...base, status: 'ok', message: `${probe.value.name}: ACTIVE` };
}

function scheduleGroupCheck(f: StageFacts): ReadinessCheck {
  const { name, state } = f.scheduleGroup;
  const base = { id: 'scheduler.group', area: 'scheduler' as const, title: 'call schedule group' };
  if (!isRead(state)) return unreadable(base, state);
  if (state.value === null)
    return {
      ...base,
      status: 'fail',
      message: `${name} does not exist in ${f.region}, so no manager call can be scheduled: ${deploy(f.stage)}`,
    };
  if (state.value !== 'ACTIVE')
    return { ...base, status: 'fail', message: `${name} is ${state.value}: ${deploy(f.stage)}` };
  return { ...base, status: 'ok', message: `${name}: ACTIVE` };
}

function schedulerRoleCheck(f: StageFacts, r: StageResources): ReadinessCheck[] {
  const base = { id: 'scheduler.role', area: 'scheduler' as const, title: 'call scheduler role' };
  const role = r.schedulerRole;
  if (role === 'unknown') return [];
  if (role === null)
    return [
      { ...base, status: 'fail', message: `not found in the stage's workflow stack: ${deploy(f.stage)}` },
    ];
  if (!role.status.endsWith('_COMPLETE') || role.status.startsWith('DELETE'))
    return [{ ...base, status: 'fail', message: `${role.name} is ${role.status}: ${deploy(f.stage)}` }];
  return [{ ...base, status: 'ok', message: `${role.name} (${role.status})` }];
}

/** The stage's checks: stacks, then tables, state machines and the scheduler. */
export function stageChecks(f: StageFacts): ReadinessCheck[] {
  if (!isRead(f.resources))
    return [
      unreadable({ id: 'stacks', area: 'stacks', title: "the stage's stacks" }, f.resources),
      scheduleGroupCheck(f),
    ];
  const r = f.resources.value;
  const stacks = r.stacks.map((s) => stackCheck(s, f));
  const undeployed = r.stacks.filter((s) => s.status === null).map((s) => s.name);
  const missing = (area: 'tables' | 'workflows', what: string): ReadinessCheck => ({
    id: area,
    area,
    title: what,
    status: 'fail',
    message: `none found${undeployed.length ? ` (${undeployed.join(', ')} not deployed)` : ''}: ${deploy(f.stage)}`,
  });
  const tables = Object.values(r.tables).some(Boolean)
    ? Object.keys(r.tables).map((t) => tableCheck(t, f, r))
    : [missing('tables', "the stage's tables")];
  const workflows = Object.values(r.stateMachines).some(Boolean)
    ? (Object.keys(r.stateMachines) as WorkflowName[]).map((w) => stateMachineCheck(w, f, r))
    : [missing('workflows', "the stage's state machines")];
  return [...stacks, ...tables, ...workflows, scheduleGroupCheck(f), ...schedulerRoleCheck(f, r)];
}
