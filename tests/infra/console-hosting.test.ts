/**
 * The console in AWS (lib/constructs/console-hosting.ts, lib/stacks/console-stack.ts): a private
 * bucket only its distribution reads, security headers, `/v1/*` to the API uncached, the sign-in
 * configuration it reads, the user pool the stage makes, and the configurations refused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CALLER_ROLES } from '../../lib/api-routes.js';
import { ConfigError, parseStageConfig } from '../../lib/config.js';
import { cliApp } from '../support/cdk-app.js';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON
type Json = any;

/** CloudFront's managed policies, by id. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

function synthConsole(config = 'tests/fixtures/console-stage.json') {
  const built = cliApp({ config }, 'eu-west-1');
  const assembly = built.app.synth();
  if (!built.console) throw new Error('no console stack');
  const artifact = assembly.getStackByName(built.console.stackName);
  return {
    built,
    assemblyDir: assembly.directory,
    template: Template.fromJSON(artifact.template),
    data: Template.fromStack(built.data),
  };
}

const { built, assemblyDir, template, data } = synthConsole();
const resourcesOf = (type: string): Json[] => Object.values(template.findResources(type));
const [distribution] = resourcesOf('AWS::CloudFront::Distribution').map(
  (d) => d.Properties.DistributionConfig,
);
const distributionId = Object.keys(template.findResources('AWS::CloudFront::Distribution'))[0];

/** The deployment of `index.html` and `config.json` (the one that invalidates CloudFront). */
const pagesDeployment = resourcesOf('Custom::CDKBucketDeployment').find((d) => d.Properties.DistributionId);

describe('Console hosting: the bucket', () => {
  it('is private, encrypted, and reachable over TLS only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'files/' }),
    });
    for (const bucket of resourcesOf('AWS::S3::Bucket'))
      expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
  });

  it('lets only CloudFront read it, for this distribution, through origin access control', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    const policies = resourcesOf('AWS::S3::BucketPolicy').filter((p) =>
      JSON.stringify(p.Properties.Bucket).includes('ConsoleFiles'),
    );
    expect(policies).toHaveLength(1);
    const allows = (policies[0].Properties.PolicyDocument.Statement as Json[]).filter(
      (s) => s.Effect === 'Allow',
    );
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': ['', expect.arrayContaining([`:distribution/`, { Ref: distributionId }])],
            },
          },
        },
      }),
    ]);
    // Plain HTTP is refused outright.
    expect(JSON.stringify(policies[0].Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });
});

describe('Console hosting: the distribution', () => {
  it('serves index.html at the root over HTTPS only, with no error page rewriting', () => {
    expect(distribution.DefaultRootObject).toBe('index.html');
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    // The API's 403s and 404s reach the console as they are; its routes live in the URL hash.
    expect(distribution.CustomErrorResponses).toBeUndefined();
    expect(distribution.Logging).toMatchObject({ Prefix: 'cloudfront/' });
  });

  it('sends the strict security headers with every file', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: {
            ContentSecurityPolicy: {
              'Fn::Join': [
                '',
                [
                  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' https://",
                  { 'Fn::ImportValue': Match.stringLikeRegexp('UsersUserPoolDomain') },
                  ".auth.eu-west-1.amazoncognito.com; frame-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self' https://",
                  { 'Fn::ImportValue': Match.stringLikeRegexp('UsersUserPoolDomain') },
                  '.auth.eu-west-1.amazoncognito.com',
                ],
              ],
            },
            Override: true,
          },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 31_536_000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        },
      }),
    });
    expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref).toMatch(/^ConsoleSecurityHeaders/);
  });

  it('sends /v1/* to the API stage, uncached, every method, every header but Host', () => {
    const [behaviour] = distribution.CacheBehaviors as Json[];
    expect(distribution.CacheBehaviors).toHaveLength(1);
    expect(behaviour).toMatchObject({
      PathPattern: '/v1/*',
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: 'https-only',
    });
    expect([...behaviour.AllowedMethods].sort()).toEqual(
      ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'].sort(),
    );
    const origin = (distribution.Origins as Json[]).find((o) => o.Id === behaviour.TargetOriginId);
    expect(origin).toMatchObject({
      OriginPath: '/staging',
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
    expect(JSON.stringify(origin.DomainName)).toMatch(/HttpApi/);
  });

  it('names the console URL in an output', () => {
    const outputs = Object.values(template.findOutputs('*')) as Json[];
    expect(outputs).toContainEqual(
      expect.objectContaining({
        Description: 'The Reactivate console',
        Value: {
          'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']],
        },
      }),
    );
  });
});

describe('Console hosting: files and sign-in', () => {
  it('deploys index.html and config.json uncached and invalidated, the hashed files cached for a year', () => {
    const deployments = resourcesOf('Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    expect(pagesDeployment.Properties).toMatchObject({
      Prune: false,
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionPaths: ['/', '/index.html', '/config.json'],
    });
    const files = deployments.find((d) => d !== pagesDeployment);
    expect(files.Properties).toMatchObject({
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
  });

  it('writes config.json naming the managed login, the app client and the redirect back to the console', () => {
    // The JSON as deployed: CDK's markers replaced by what CloudFormation fills in, named here.
    const keys = pagesDeployment.Properties.SourceObjectKeys as string[];
    const markers = pagesDeployment.Properties.SourceMarkers as Record<string, Json>[];
    const assetDir = (key: string) => join(assemblyDir, `asset.${key.replace(/\.zip$/, '')}`);
    const index = keys.findIndex((key) => existsSync(join(assetDir(key), 'config.json')));
    const raw = readFileSync(join(assetDir(keys[index] as string), 'config.json'), 'utf8');
    const named = (value: Json): string => {
      if (value.Ref) return `{Ref ${value.Ref}}`;
      if (value['Fn::GetAtt']) return `{${value['Fn::GetAtt'].join('.')}}`;
      return `{import ${String(value['Fn::ImportValue']).replace(/^.*ExportsOutputRef/, '')}}`;
    };
    const filled = raw.replace(/<<marker:0xbaba:\d+>>/g, (marker) => named(markers[index]?.[marker]));

    expect(JSON.parse(filled)).toEqual({
      auth: {
        kind: 'cognito',
        domain: expect.stringMatching(
          /^https:\/\/\{import UsersUserPoolDomain\w+\}\.auth\.eu-west-1\.amazoncognito\.com$/,
        ),
        clientId: expect.stringMatching(/^\{Ref ConsoleAppClient/),
        redirectUri: `https://{${distributionId}.DomainName}/`,
        scopes: ['openid', 'email', 'profile'],
      },
    });
  });

  it('signs users in with an app client without a secret, by authorization code, back to the console', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: { 'Fn::ImportValue': Match.stringLikeRegexp('UsersUserPool') },
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [
        { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] },
      ],
      SupportedIdentityProviders: ['COGNITO'],
    });
  });
});

describe('The user pool the stage makes (Cognito without a configured pool)', () => {
  it('has a group per caller role, no self sign-up, strong passwords, TOTP required and the managed login domain', () => {
    for (const role of CALLER_ROLES)
      data.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
    data.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    data.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'reactivate-staging-example' });
  });

  it('is what the API authoriser trusts', () => {
    const api = Template.fromStack(built.api);
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          USER_POOL_ID: { 'Fn::ImportValue': Match.stringLikeRegexp('UsersUserPool') },
        }),
      },
    });
  });
});

describe('Console configuration', () => {
  const stage = (extra: Record<string, unknown>) => ({ stage: 'staging', ...extra });

  it('is off by default, and no console stack is made', () => {
    expect(parseStageConfig(stage({})).console).toEqual({ enabled: false });
    expect(cliApp().console).toBeUndefined();
  });

  it('refuses a console with IAM authorisation, saying why', () => {
    expect(() => parseStageConfig(stage({ console: { enabled: true, domainPrefix: 'shop' } }))).toThrow(
      ConfigError,
    );
    expect(() => parseStageConfig(stage({ console: { enabled: true, domainPrefix: 'shop' } }))).toThrow(
      /console\.enabled: console\.enabled needs api\.authorization 'cognito': a browser cannot sign API requests with SigV4/,
    );
  });

  it('refuses a console with the resource-server mode, or without a sign-in domain prefix', () => {
    const pool = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123';
    expect(() =>
      parseStageConfig(
        stage({
          api: { authorization: 'cognito', cognitoUserPoolArn: pool, cognitoResourceServer: 'reactivate' },
          console: { enabled: true, domainPrefix: 'shop' },
        }),
      ),
    ).toThrow(/cannot be combined with api\.cognitoResourceServer/);
    expect(() =>
      parseStageConfig(stage({ api: { authorization: 'cognito' }, console: { enabled: true } })),
    ).toThrow(/console\.domainPrefix: console\.domainPrefix is required/);
    expect(() =>
      parseStageConfig(
        stage({ api: { authorization: 'cognito' }, console: { enabled: true, domainPrefix: 'my-cognito' } }),
      ),
    ).toThrow(/may not contain aws, amazon or cognito/);
  });

  it("signs in at the existing domain of a configured pool, in that pool's region, making no pool", () => {
    const imported = synthConsole('tests/fixtures/console-imported-pool-stage.json');
    imported.data.resourceCountIs('AWS::Cognito::UserPool', 0);
    imported.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: 'eu-west-1_AbCdEf123',
    });
    imported.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.stringLikeRegexp(
              "connect-src 'self' https://example-shop\\.auth\\.eu-west-1\\.amazoncognito\\.com;",
            ),
          }),
        }),
      }),
    });
  });
});
