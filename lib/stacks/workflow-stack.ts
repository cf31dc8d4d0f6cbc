/**
 * The stateless stack of the state machines: scoring, customer journeys and campaign runs. Like the
 * API stack it can be redeployed at will; the tables it works on arrive as props.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { isDevStage, type StageConfig } from '../config.js';
import { CampaignWorkflow } from '../constructs/campaign-workflow.js';
import { EmailFeedback } from '../constructs/email-feedback.js';
import { JourneyWorkflow } from '../constructs/journey-workflow.js';
import { OperationsDashboard } from '../constructs/operations.js';
import { ScoringWorkflow } from '../constructs/scoring-workflow.js';
import type { TableName } from '../table-definitions.js';

export interface WorkflowStackProps extends StackProps {
  config: StageConfig;
  tables: Record<TableName, ITableV2>;
  /** The API's URL: the base of the public links in messages unless the config sets one. */
  publicUrl: string;
  /** The API, charted on the stage's dashboard by its name (no reference on its stack). */
  api: RestApi;
}

export class WorkflowStack extends Stack {
  readonly scoring: ScoringWorkflow;
  readonly journeys: JourneyWorkflow;
  readonly campaigns: CampaignWorkflow;
  readonly emailFeedback: EmailFeedback;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    const common = {
      config: props.config,
      tables: props.tables,
      logRetention: props.config.logRetentionDays as RetentionDays,
      removalPolicy: isDevStage(props.config) ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    };
    this.scoring = new ScoringWorkflow(this, 'Scoring', common);
    this.journeys = new JourneyWorkflow(this, 'Journeys', { ...common, publicUrl: props.publicUrl });
    this.campaigns = new CampaignWorkflow(this, 'Campaigns', {
      ...common,
      journeys: this.journeys.stateMachine,
    });
    this.emailFeedback = new EmailFeedback(this, 'EmailFeedback', {
      ...common,
      configurationSet: this.journeys.configurationSet,
    });
    // Last: the dashboard charts every function, dead-letter queue and alarm made above.
    new OperationsDashboard(this, 'Operations', {
      config: props.config,
      senders: {
        email: this.journeys.functions.sendEmail.function,
        sms: this.journeys.functions.sendSms.function,
        call: this.journeys.functions.scheduleCall.function,
      },
      stateMachines: {
        journeys: this.journeys.stateMachine,
        campaigns: this.campaigns.stateMachine,
        scoring: this.scoring.stateMachine,
      },
      api: props.api,
    });
  }
}
