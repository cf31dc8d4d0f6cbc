/**
 * Every deployed function against its manifest entry, in the template the CLI synthesizes: its
 * variables are exactly the ones its entry names (and valid against its schema once CloudFormation
 * fills in the references), its size is the entry's, and its role allows exactly the table
 * actions and grants the entry declares.
 */
import { Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { environmentSchema, variablesOf } from '../../functions/manifest/environment.js';
import { FUNCTIONS, type FunctionName } from '../../functions/manifest/functions.js';
import type { Grant } from '../../functions/manifest/grants.js';
import type { TableAccess } from '../../functions/manifest/tables.js';
import type { ReactivateApp } from '../../lib/app.js';
import { HouseFunction, RUNTIME_VARIABLES } from '../../lib/constructs/house-function.js';
import { functionNamed } from '../../lib/local/local-functions.js';
import { synthesizeLikeCli } from '../support/cdk-app.js';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON
type Json = any;

const GRANT_ACTIONS: Record<Grant, string[]> = {
  startJourneys: ['states:StartExecution'],
  runCampaigns: ['states:StartExecution'],
  endJourneys: ['states:StopExecution', 'scheduler:DeleteSchedule'],
  watchJourneys: ['states:DescribeExecution'],
  deleteCallSchedules: ['scheduler:DeleteSchedule'],
  placeCallSchedules: ['scheduler:CreateSchedule', 'iam:PassRole'],
  sendEmail: ['ses:SendEmail'],
  readSendQuota: ['ses:GetAccount'],
  sendSms: ['sns:Publish'],
  notifyManagers: ['sns:Publish'],
};
const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];
const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: READ,
  scan: [...READ, 'dynamodb:Scan'],
  readUpdate: [...READ, 'dynamodb:UpdateItem'],
  readWrite: [...READ, ...WRITE],
  readWriteDelete: [...READ, ...WRITE, 'dynamodb:DeleteItem'],
};
/** What every function has beside its entry: its log group, X-Ray, its dead-letter target. */
const INFRASTRUCTURE = /^(logs|xray|sqs):/;

interface Deployed {
  name: FunctionName;
  fn: HouseFunction;
  properties: Json;
  statements: Json[];
}

const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

function deployedFunctions(built: ReactivateApp): Deployed[] {
  const stacks = [built.data, built.api, built.workflows];
  const assembly = built.app.synth();
  const templates = new Map<Stack, Json>(
    stacks.map((s) => [s, assembly.getStackByName(s.stackName).template]),
  );
  return built.app.node
    .findAll()
    .filter((c): c is HouseFunction => c instanceof HouseFunction)
    .map((fn) => {
      const stack = Stack.of(fn);
      const template = templates.get(stack) as Json;
      const id = stack.resolve(stack.getLogicalId(fn.function.node.defaultChild as CfnFunction)) as string;
      const roleId = stack.resolve(stack.getLogicalId(fn.role.node.defaultChild as never)) as string;
      const statements = Object.values<Json>(template.Resources)
        .filter(
          (r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: Json) => ref.Ref === roleId),
        )
        .flatMap((r) => r.Properties.PolicyDocument.Statement);
      return { name: functionNamed(fn.spec), fn, properties: template.Resources[id].Properties, statements };
    });
}

describe('Deployed functions against the function manifest (production config, eu-west-1)', () => {
  let deployed: Deployed[];
  beforeAll(() => {
    deployed = [
      ...deployedFunctions(synthesizeLikeCli({ stage: 'prod', config: 'config/prod.json' }, 'eu-west-1')),
      // The group authoriser exists only with Cognito authorisation by groups (the console's).
      ...deployedFunctions(
        synthesizeLikeCli({ config: 'tests/fixtures/console-imported-pool-stage.json' }, 'eu-west-1'),
      ).filter((d) => d.name === 'authorizeCaller'),
    ];
  }, 180_000);

  it('deploys every entry of the manifest exactly once', () => {
    expect(deployed.map((d) => d.name).sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });

  it("gives each function exactly its entry's variables, valid against its schema, and its size", () => {
    const problems: string[] = [];
    for (const { name, properties } of deployed) {
      const spec = FUNCTIONS[name];
      const variables: Record<string, Json> = properties.Environment.Variables;
      const expected = new Set([...variablesOf(spec), ...Object.keys(RUNTIME_VARIABLES)]);
      for (const key of Object.keys(variables))
        if (!expected.has(key)) problems.push(`${name}: ${key} is set but its entry does not name it`);
      // CloudFormation fills in references at deployment: stand in an ARN for a whole value, a
      // name for a part of a joined one (the API's URL in JOURNEY_SETTINGS).
      const part = (v: Json): string =>
        typeof v === 'string'
          ? v
          : v['Fn::Join']
            ? v['Fn::Join'][1].map(part).join(v['Fn::Join'][0])
            : 'filled';
      const filled = Object.fromEntries(
        Object.entries(variables).map(([k, v]) => [
          k,
          typeof v === 'string' || v['Fn::Join'] ? part(v) : 'arn:aws:filled:in:deployment',
        ]),
      );
      const parsed = environmentSchema(spec).safeParse(filled);
      if (!parsed.success) problems.push(`${name}: ${parsed.error.message}`);
      if (properties.MemorySize !== spec.memorySize)
        problems.push(`${name}: memory ${properties.MemorySize}`);
      if (properties.Timeout !== spec.timeoutSeconds) problems.push(`${name}: timeout ${properties.Timeout}`);
    }
    expect(problems).toEqual([]);
  });

  it('lets each role do exactly what its entry declares: table actions, indexes and grants', () => {
    const problems: string[] = [];
    for (const { name, statements } of deployed) {
      const spec = FUNCTIONS[name];
      const allowed = statements.filter((s) => s.Effect === 'Allow');
      const actions = new Set(allowed.flatMap((s) => asList<string>(s.Action)));
      const tableStatements = allowed.filter((s) => asList<string>(s.Action).includes('dynamodb:GetItem'));
      const expectedTableActions = new Set(
        Object.values<TableAccess>(spec.tables).flatMap((access) => TABLE_ACTIONS[access]),
      );
      const expectedGrantActions = new Set(
        (spec.grants as readonly Grant[]).flatMap((g) => GRANT_ACTIONS[g]),
      );
      const indexes = allowed
        .filter((s) => asList<string>(s.Action).length === 1 && s.Action === 'dynamodb:Query')
        .flatMap((s) => JSON.stringify(s.Resource).match(/\/index\/(\w+)/g) ?? [])
        .map((m) => m.replace('/index/', ''));
      // Statements of equal actions are merged (one statement, several tables): count tables by access.
      const byAccess = (access: TableAccess) =>
        tableStatements
          .filter(
            (st) => [...asList<string>(st.Action)].sort().join() === [...TABLE_ACTIONS[access]].sort().join(),
          )
          .reduce((n, st) => n + asList(st.Resource).length, 0);
      for (const access of Object.keys(TABLE_ACTIONS) as TableAccess[]) {
        const declared = Object.values<TableAccess>(spec.tables).filter((a) => a === access).length;
        if (byAccess(access) !== declared)
          problems.push(
            `${name}: ${byAccess(access)} tables with ${access} access, its entry declares ${declared}`,
          );
      }
      for (const action of actions) {
        if (INFRASTRUCTURE.test(action)) continue;
        if (
          action.startsWith('dynamodb:')
            ? !expectedTableActions.has(action)
            : !expectedGrantActions.has(action)
        )
          problems.push(`${name}: allows ${action}, which its entry does not declare`);
      }
      for (const action of [...expectedTableActions, ...expectedGrantActions])
        if (!actions.has(action)) problems.push(`${name}: lacks ${action}, which its entry declares`);
      if ([...indexes].sort().join() !== [...spec.indexes].sort().join())
        problems.push(`${name}: may query indexes [${indexes}], its entry names [${spec.indexes}]`);
    }
    expect(problems).toEqual([]);
  });
});
