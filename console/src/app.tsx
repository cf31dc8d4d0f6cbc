/**
 * The shell: a header with the pages the user's roles may open, and the routes. Hash routes
 * (`#/campaigns/spring`) so every page has a URL and static hosting needs no rewrite rules.
 */
import type { ComponentChildren } from 'preact';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter-preact';
import { useHashLocation } from 'wouter-preact/use-hash-location';
import { cognitoSignOutUrl } from './auth/cognito-sign-in.js';
import { hasRole, type Role, type Session, signOut, useSession } from './auth/session.js';
import { PageBoundary } from './components/page-boundary.js';
import type { AuthConfig } from './main.js';
import { CallQueuePage } from './pages/call-queue.js';
import { CampaignPage } from './pages/campaign.js';
import { CampaignsPage } from './pages/campaigns.js';
import { CustomerPage, CustomerSearchPage } from './pages/customer.js';
import { ModelPage } from './pages/model.js';
import { EditCampaignPage, NewCampaignPage } from './pages/new-campaign.js';
import { PreviewPage } from './pages/preview.js';
import { ReportPage } from './pages/report.js';
import { SignInPage } from './pages/sign-in.js';

interface Section {
  href: string;
  label: string;
  roles: Role[];
}

const SECTIONS: Section[] = [
  { href: '/campaigns', label: 'Campaigns', roles: ['marketer'] },
  { href: '/calls', label: 'Call queue', roles: ['agent'] },
  { href: '/customers', label: 'Customers', roles: ['marketer', 'agent'] },
  { href: '/model', label: 'Model', roles: ['marketer'] },
];

/** Where a user lands: their first page. */
const home = (session: Session) => SECTIONS.find((s) => hasRole(session, ...s.roles))?.href;

function Guard({ roles, children }: { roles: Role[]; children: ComponentChildren }) {
  const session = useSession();
  if (!hasRole(session, ...roles))
    return (
      <div class="problem" role="alert">
        <strong>Not allowed (403)</strong>
        <p>
          This page is for the {roles.join(' or ')} role; you are signed in as {session?.roles.join(', ')}.
        </p>
      </div>
    );
  return <>{children}</>;
}

function Header({ session, auth }: { session: Session; auth: AuthConfig }) {
  const [location] = useLocation();
  return (
    <header class="top">
      {/* A button, not a link: the hash is the route, so "#main" would navigate away. */}
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <span class="brand">Reactivate</span>
      <nav aria-label="Main">
        <ul>
          {SECTIONS.filter((s) => hasRole(session, ...s.roles)).map((s) => (
            <li key={s.href}>
              <Link href={s.href} aria-current={location.startsWith(s.href) ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <span class="who">
        {session.name} ({session.roles.join(', ')})
      </span>
      <button
        type="button"
        class="link"
        onClick={() => {
          signOut();
          if (auth.kind === 'cognito') window.location.assign(cognitoSignOutUrl(auth));
        }}
      >
        Sign out
      </button>
    </header>
  );
}

function Routes({ session }: { session: Session }) {
  const landing = home(session);
  const [location] = useLocation();
  return (
    <PageBoundary key={location}>
      <Switch>
        <Route path="/campaigns/new">
          <Guard roles={['marketer']}>
            <NewCampaignPage />
          </Guard>
        </Route>
        <Route path="/campaigns/:id/edit">
          {(p) => (
            <Guard roles={['marketer']}>
              <EditCampaignPage campaignId={p.id} />
            </Guard>
          )}
        </Route>
        <Route path="/campaigns/:id/preview">
          {(p) => (
            <Guard roles={['marketer']}>
              <PreviewPage campaignId={p.id} />
            </Guard>
          )}
        </Route>
        <Route path="/campaigns/:id/report">
          {(p) => (
            <Guard roles={['marketer']}>
              <ReportPage campaignId={p.id} />
            </Guard>
          )}
        </Route>
        <Route path="/campaigns/:id">
          {(p) => (
            <Guard roles={['marketer']}>
              <CampaignPage campaignId={p.id} />
            </Guard>
          )}
        </Route>
        <Route path="/campaigns">
          <Guard roles={['marketer']}>
            <CampaignsPage />
          </Guard>
        </Route>
        <Route path="/calls">
          <Guard roles={['agent']}>
            <CallQueuePage session={session} />
          </Guard>
        </Route>
        <Route path="/model">
          <Guard roles={['marketer']}>
            <ModelPage />
          </Guard>
        </Route>
        <Route path="/customers/:id">
          {(p) => (
            <Guard roles={['marketer', 'agent']}>
              <CustomerPage customerId={p.id} />
            </Guard>
          )}
        </Route>
        <Route path="/customers">
          <Guard roles={['marketer', 'agent']}>
            <CustomerSearchPage />
          </Guard>
        </Route>
        <Route>
          {landing ? (
            <Redirect to={landing} replace />
          ) : (
            <p class="problem" role="alert">
              The {session.roles.join(', ')} role has no pages in the console: it is for back-office systems
              calling the API.
            </p>
          )}
        </Route>
      </Switch>
    </PageBoundary>
  );
}

export function App({ auth, startupError }: { auth: AuthConfig; startupError?: string }) {
  const session = useSession();
  return (
    <Router hook={useHashLocation}>
      {session ? (
        <>
          <Header session={session} auth={auth} />
          <main id="main" tabIndex={-1}>
            <Routes session={session} />
          </main>
        </>
      ) : (
        <main id="main">
          <SignInPage auth={auth} startupError={startupError} />
        </main>
      )}
    </Router>
  );
}
