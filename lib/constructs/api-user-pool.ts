/**
 * The stage's own Cognito user pool, made when `api.authorization` is `cognito` and no
 * `api.cognitoUserPoolArn` names an existing one: the people who use the API and the console.
 * One group per caller role (lib/api-routes.ts): a user's groups are their roles. Administrators
 * create the users (no self sign-up), every sign-in needs a strong password and a TOTP code, and
 * the managed login domain is made when `console.domainPrefix` names it.
 */
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolDomain,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CALLER_ROLES, type CallerRole } from '../api-routes.js';

export interface ApiUserPoolProps {
  stage: string;
  /** Prefix of the managed login domain; none is made without it. */
  domainPrefix?: string | undefined;
  /** Users outlive a stack deletion everywhere but in dev. */
  removalPolicy: RemovalPolicy;
  /** Refuses a deletion of the pool (and of every user with it). */
  deletionProtection: boolean;
}

const GROUP_DESCRIPTIONS: Record<CallerRole, string> = {
  admin: 'Every route of the API, erasure included',
  marketer: 'Campaigns: create, preview, launch, report; read customers',
  agent: 'The call queue: take and close call tasks; read customers, record responses',
  integration: 'Back-office feeds: customers, orders and events',
};

export class ApiUserPool extends Construct {
  readonly userPool: UserPool;
  readonly domain?: UserPoolDomain;

  constructor(scope: Construct, id: string, props: ApiUserPoolProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `reactivate-${props.stage}`,
      // Back-office users are invited by an administrator (admin-create-user), never sign up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Authenticator apps only: SMS codes cost per message and can be intercepted.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      removalPolicy: props.removalPolicy,
      deletionProtection: props.deletionProtection,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        "The Essentials plan: the pool holds a small back-office team, invited by an administrator (no self sign-up), with a 12-character password of every class and an authenticator-app code required at every sign-in. The Plus plan's threat protection (compromised credentials, adaptive authentication) is billed per active user; set it on the pool when your policy asks for it.",
    });
    for (const role of CALLER_ROLES)
      new UserPoolGroup(this, `${role}Group`, {
        userPool: this.userPool,
        groupName: role,
        description: GROUP_DESCRIPTIONS[role],
      });
    if (props.domainPrefix)
      this.domain = this.userPool.addDomain('Domain', {
        cognitoDomain: { domainPrefix: props.domainPrefix },
      });
  }
}
