/**
 * The browser console in AWS: its built files in a private S3 bucket that only this CloudFront
 * distribution reads (origin access control), served over HTTPS with strict security headers;
 * `/v1/*` on the same distribution goes to the REST API, so the console calls relative `/v1/…`
 * URLs on its own origin and no CORS is needed. Users sign in with the Cognito user pool's managed
 * login (authorization code with PKCE, through an app client without a secret); the console reads
 * where to sign in from `config.json`, deployed beside it.
 *
 * No custom error responses: they would rewrite the API's 403s and 404s, and the console routes by
 * URL hash, so every page is `index.html`.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { type IUserPool, OAuthScope, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { consoleContentSecurityPolicy } from '../console-security-policy.js';
import { acknowledgeDeploymentFunction } from './console-deployment-acknowledgements.js';
import { guardRule } from './guard-rules.js';

export interface ConsoleHostingProps {
  stage: string;
  /** The built console: `index.html` and the hashed files it names (console/build.ts). */
  assetDir: string;
  /** The API that `/v1/*` reaches. */
  api: RestApi;
  /** The user pool users sign in to; the console's app client is made on it. */
  userPool: IUserPool;
  /** Base URL of the pool's managed login, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  signInUrl: string;
  /** Days the distribution's access logs are kept. */
  logRetentionDays: number;
  /** Buckets and their objects go with the stack in dev only. */
  removalPolicy: RemovalPolicy;
}

/** What the console reads at start (`config.json`); locally it is `{ "auth": { "kind": "token" } }`. */
export interface ConsoleConfig {
  auth: { kind: 'cognito'; domain: string; clientId: string; redirectUri: string; scopes: string[] };
}

/** The scopes the console asks for: its ID token then carries the e-mail and the groups. */
const SCOPES = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE];

const DEFAULT_CERTIFICATE =
  "The distribution answers on its *.cloudfront.net name with CloudFront's default certificate, whose security policy CloudFront sets; a custom certificate (and with it SNI and a TLSv1.2 minimum security policy) needs a custom domain, which the stage does not configure yet. The console's own requests come from current browsers, which negotiate TLS 1.3 or 1.2.";

export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly client: UserPoolClient;
  /** `https://<distribution>.cloudfront.net/` */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const disposable = props.removalPolicy === RemovalPolicy.DESTROY;
    const logs = this.logBucket(props, disposable);
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'files/',
      // Objects are never expired (a file unchanged since an old build is still served); only
      // uploads that never completed are cleaned up.
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: disposable,
    });
    this.acknowledgeBucket(
      this.bucket,
      "the console's build output, uploaded again from the repository at every deployment (old hashed files stay, not pruned, for pages still open)",
    );
    Validations.of(this.bucket).acknowledge({
      id: guardRule('s3_bucket_versioning_enabled_check'),
      reason:
        'The bucket holds build output only: every deployment uploads the console again from the repository, and old hashed files stay (no pruning) for pages still running the previous index.html.',
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Reactivate ${props.stage} console`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.securityHeaders(props.signInUrl),
        compress: true,
      },
      additionalBehaviors: {
        // The API on the console's own origin: nothing cached, every method, every header but Host
        // (API Gateway routes by its own host name), the Authorization header included.
        '/v1/*': {
          // The stage by its name (the API's stage is named after the deployment's), no cross-stack export.
          origin: new RestApiOrigin(props.api, { originPath: `/${props.stage}` }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
          compress: true,
        },
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    this.acknowledgeDistribution();
    this.url = `https://${this.distribution.distributionDomainName}/`;

    this.client = new UserPoolClient(this, 'AppClient', {
      userPool: props.userPool,
      userPoolClientName: `reactivate-${props.stage}-console`,
      // A browser keeps no secret: the authorization code flow with PKCE.
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: SCOPES,
        callbackUrls: [this.url],
        logoutUrls: [this.url],
      },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    const config: ConsoleConfig = {
      auth: {
        kind: 'cognito',
        domain: props.signInUrl,
        clientId: this.client.userPoolClientId,
        redirectUri: this.url,
        scopes: SCOPES.map((s) => s.scopeName),
      },
    };
    this.deploy(props, config);
    new CfnOutput(this, 'ConsoleUrl', { description: 'The Reactivate console', value: this.url });
  }

  /** CloudFront's and S3's access logs, kept for the stage's log retention. */
  private logBucket(props: ConsoleHostingProps, disposable: boolean): Bucket {
    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront's standard logs are delivered with an ACL naming the bucket owner.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: disposable,
    });
    const reason = 'The access-log bucket of the console: logging its own access would log the logging.';
    this.acknowledgeBucket(
      logs,
      "access logs of the console, written once and expired after the stage's log retention",
    );
    Validations.of(logs).acknowledge(
      { id: 'AwsSolutions-S1', reason },
      { id: guardRule('s3_bucket_logging_enabled_check'), reason },
      {
        id: guardRule('s3_bucket_versioning_enabled_check'),
        reason:
          "Access logs are written once and expire with the stage's log retention; versions would only keep them longer.",
      },
      {
        id: guardRule('s3_bucket_acl_prohibited_check'),
        reason:
          "CloudFront's standard logging delivers log files with an ACL granting the bucket owner (ObjectOwnership ObjectWriter); no user access is managed by ACL, public access is blocked and SSL enforced.",
      },
    );
    return logs;
  }

  /**
   * The console's policy (lib/console-security-policy.ts) with the managed login's origin; HSTS,
   * nosniff, no framing, the referrer policy.
   */
  private securityHeaders(signInUrl: string): ResponseHeadersPolicy {
    const csp = consoleContentSecurityPolicy(signInUrl);
    return new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Reactivate console: CSP, HSTS, nosniff, no framing, referrer policy',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });
  }

  /**
   * Hashed files first, cached for a year (a new build has new names; old ones stay for pages
   * still open), then `index.html` and `config.json`, never cached, and CloudFront's copies of
   * them invalidated.
   */
  private deploy(props: ConsoleHostingProps, config: ConsoleConfig): void {
    const common = { destinationBucket: this.bucket, prune: false };
    const files = new BucketDeployment(this, 'DeployFiles', {
      ...common,
      sources: [Source.asset(props.assetDir, { exclude: ['index.html', 'config.json'] })],
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    const pages = new BucketDeployment(this, 'DeployPages', {
      ...common,
      sources: [
        Source.data('index.html', readFileSync(join(props.assetDir, 'index.html'), 'utf8')),
        Source.jsonData('config.json', config),
      ],
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/', '/index.html', '/config.json'],
    });
    // The new index.html names files of the new build: they must be there first.
    pages.node.addDependency(files);
    acknowledgeDeploymentFunction(Stack.of(this), [files, pages]);
  }

  /** What the Control Tower controls ask of buckets that hold data, and why these two need not. */
  private acknowledgeBucket(bucket: Bucket, holds: string): void {
    Validations.of(bucket).acknowledge(
      {
        id: guardRule('s3_bucket_default_encryption_kms_check'),
        reason: `Encrypted with S3-managed keys: it holds ${holds}, no personal data; a KMS key would add a key policy for CloudFront and cost without protecting anything secret.`,
      },
      {
        id: guardRule('s3_event_notifications_enabled_check'),
        reason: `Nothing reacts to its objects: it holds ${holds}.`,
      },
      {
        id: guardRule('s3_bucket_object_lock_enabled_check'),
        reason: `It holds ${holds}: nothing there must be kept unchangeable, and object lock would stop deployments and expiry from replacing and removing files.`,
      },
    );
  }

  private acknowledgeDistribution(): void {
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          "The console is for the business's own staff wherever they work; every request after sign-in needs a Cognito token, so a country allow-list would add nothing but lock out travellers.",
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves static files and forwards /v1 to the API, whose stage is throttled and, when api.webAclArn is set, protected by that regional web ACL; a CloudFront web ACL (us-east-1) is not configured by this stage.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: DEFAULT_CERTIFICATE,
      },
      { id: guardRule('cloudfront_security_policy_check'), reason: DEFAULT_CERTIFICATE },
      { id: guardRule('cloudfront_custom_ssl_certificate_check'), reason: DEFAULT_CERTIFICATE },
      { id: guardRule('cloudfront_sni_enabled_check'), reason: DEFAULT_CERTIFICATE },
      {
        id: guardRule('cloudfront_origin_failover_enabled_check'),
        reason:
          "The console's files have one origin, its bucket (rebuilt from the repository at any deployment), and the API its regional endpoint: a failover origin would need a replica bucket and API in a second region, which the product does not run.",
      },
    );
  }
}
