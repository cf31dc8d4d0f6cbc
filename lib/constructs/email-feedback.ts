/**
 * SES feedback for the stage's configuration set: SES publishes its email events to the default
 * EventBridge bus, a rule sends ours (matched by configuration set) to one function that applies
 * them — hard bounces and complaints close channels, every kind is counted per campaign, and a
 * campaign whose bounce or complaint rate reaches its limit pauses itself. EventBridge retries
 * delivery for a day; what still fails lands in a dead-letter queue. The account's SES bounce and
 * complaint rates are alarmed below the levels at which SES reviews the account.
 */
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnConfigurationSetEventDestination, type ConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/manifest/functions.js';
import type { StageConfig } from '../config.js';
import { stageSettings } from '../journey-environment.js';
import type { TableName } from '../table-definitions.js';
import { alarmOnSesReputation } from './alarms.js';
import { grantEndingJourneys, stageResources } from './function-grants.js';
import { HouseFunction } from './house-function.js';
import { declareRedrive } from './operations.js';
import { deadLetterQueue } from './workflow-parts.js';

/**
 * The SES event types we publish (SUBSCRIPTION: unsubscribes through SES subscription
 * management), and how each record names its type (`detail.eventType`).
 */
const EVENT_TYPES = ['SEND', 'DELIVERY', 'BOUNCE', 'COMPLAINT', 'REJECT', 'OPEN', 'CLICK', 'SUBSCRIPTION'];
const RECORD_TYPES = ['Send', 'Delivery', 'Bounce', 'Complaint', 'Reject', 'Open', 'Click', 'Subscription'];

export interface EmailFeedbackProps {
  config: StageConfig;
  tables: Pick<Record<TableName, ITableV2>, 'sends' | 'campaigns' | 'customers' | 'journeys'>;
  configurationSet: ConfigurationSet;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

export class EmailFeedback extends Construct {
  readonly function: HouseFunction;

  constructor(scope: Construct, id: string, props: EmailFeedbackProps) {
    super(scope, id);
    const { config, tables, configurationSet } = props;
    const failed = deadLetterQueue(this, 'DeadLetters', 'the SES feedback events', props.removalPolicy);
    const fn = new HouseFunction(this, FUNCTIONS.sesFeedback.constructId, {
      spec: FUNCTIONS.sesFeedback,
      tables,
      settings: stageSettings(config, ''),
      resources: stageResources(this, config.stage),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      deadLetterQueue: failed,
    });
    grantEndingJourneys(fn, config.stage);
    this.function = fn;
    declareRedrive(failed, 'email-feedback', { function: fn.function });
    // The account's reputation, which SES judges across every campaign (and other senders).
    alarmOnSesReputation(this, config.operations.alarms);

    const destination = new CfnConfigurationSetEventDestination(this, 'ToEventBridge', {
      configurationSetName: configurationSet.configurationSetName,
      eventDestination: {
        enabled: true,
        matchingEventTypes: EVENT_TYPES,
        // SES publishes to the default bus only.
        eventBridgeDestination: {
          eventBusArn: Stack.of(this).formatArn({
            service: 'events',
            resource: 'event-bus',
            resourceName: 'default',
          }),
        },
      },
    });
    destination.node.addDependency(configurationSet);
    new Rule(this, 'Events', {
      description: `SES events of the ${configurationSet.configurationSetName} configuration set`,
      eventPattern: {
        source: ['aws.ses'],
        detail: {
          eventType: RECORD_TYPES,
          mail: { tags: { 'ses:configuration-set': [configurationSet.configurationSetName] } },
        },
      },
      targets: [
        new LambdaFunction(fn.function, {
          deadLetterQueue: failed,
          maxEventAge: Duration.hours(24),
          retryAttempts: 185,
        }),
      ],
    });
  }
}
