/**
 * The call queue (agent role): open tasks by due time; claim or assign one, read the customer's
 * context (purchases, what was sent, the offer, who called last) and record the outcome, which
 * feeds the campaign's report.
 */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import {
  LEAVING_REASONS,
  REACHED_RESULTS,
  UNREACHED_RESULTS,
} from '../../../functions/domain/journey/call-results.js';
import { ApiError, api, call } from '../api/client.js';
import { type CallOutcomeBody, type CallTask, idempotencyKey } from '../api/models.js';
import type { Session } from '../auth/session.js';
import { Async, ErrorPanel, useLoad, useTitle } from '../components/async.js';
import { instant, instantIn, money } from '../format.js';

interface TaskContext {
  firstName?: string | null;
  phone?: string | null;
  timeZone?: string | null;
  offer?: { description?: string; code?: string; expiresOn?: string } | null;
  sent?: { email?: { status: string; at: string } | null; sms?: { status: string; at: string } | null };
  purchases?: { orders: number; spend: number; lastPurchaseAt: string } | null;
  lapsedCategories?: string[];
  segment?: string | null;
  churnMomentOn?: string | null;
}

function Context({ task }: { task: CallTask }) {
  const c = task.context as TaskContext;
  return (
    <dl class="figures">
      <div>
        <dt>Customer</dt>
        <dd>
          <Link href={`/customers/${encodeURIComponent(task.customerId)}`}>
            {c.firstName ?? task.customerId}
          </Link>{' '}
          {c.phone ?? ''}
        </dd>
      </div>
      <div>
        <dt>Their time now</dt>
        <dd>{c.timeZone ? instantIn(new Date().toISOString(), c.timeZone) : '—'}</dd>
      </div>
      <div>
        <dt>History</dt>
        <dd>
          {c.purchases
            ? `${c.purchases.orders} orders, ${money(c.purchases.spend)}, last ${instant(c.purchases.lastPurchaseAt)}`
            : 'no purchases on record'}
          {c.segment ? ` · ${c.segment}` : ''}
          {c.lapsedCategories?.length ? ` · stopped buying ${c.lapsedCategories.join(', ')}` : ''}
        </dd>
      </div>
      <div>
        <dt>What was sent</dt>
        <dd>
          email {c.sent?.email ? `${c.sent.email.status} ${instant(c.sent.email.at)}` : 'none'} · SMS{' '}
          {c.sent?.sms ? `${c.sent.sms.status} ${instant(c.sent.sms.at)}` : 'none'}
        </dd>
      </div>
      <div>
        <dt>Offer</dt>
        <dd>
          {c.offer
            ? `${c.offer.description ?? ''} ${c.offer.code ? `(code ${c.offer.code}${c.offer.expiresOn ? `, valid through ${c.offer.expiresOn}` : ''})` : ''}`
            : 'none'}
        </dd>
      </div>
      {task.previousContact && (
        <div>
          <dt>Last reached by</dt>
          <dd>
            {task.previousContact.managerId} on {instant(task.previousContact.at)}: another manager should
            call
          </dd>
        </div>
      )}
    </dl>
  );
}

function OutcomeForm({ task, session, onDone }: { task: CallTask; session: Session; onDone: () => void }) {
  const [reached, setReached] = useState(true);
  const [result, setResult] = useState<CallOutcomeBody['result']>('reactivated');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const results = reached ? REACHED_RESULTS : UNREACHED_RESULTS;
  async function submit(e: Event) {
    e.preventDefault();
    setError(undefined);
    const body: CallOutcomeBody = {
      reached,
      result,
      by: session.name,
      ...(reason ? { leavingReason: reason as CallOutcomeBody['leavingReason'] } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    try {
      await call(
        api.POST('/v1/call-tasks/{taskId}/{action}', {
          params: { path: { taskId: task.taskId, action: 'outcome' }, header: idempotencyKey() },
          body,
        }),
      );
      onDone();
    } catch (err) {
      setError(err as Error);
    }
  }
  return (
    <form onSubmit={submit} aria-labelledby={`outcome-${task.taskId}`}>
      <h3 id={`outcome-${task.taskId}`}>Outcome</h3>
      <fieldset>
        <legend>Did you reach the customer?</legend>
        <label>
          <input
            type="radio"
            name="reached"
            checked={reached}
            onChange={() => {
              setReached(true);
              setResult('reactivated');
            }}
          />{' '}
          Reached
        </label>
        <label>
          <input
            type="radio"
            name="reached"
            checked={!reached}
            onChange={() => {
              setReached(false);
              setResult('no-answer');
              setReason('');
            }}
          />{' '}
          Not reached
        </label>
      </fieldset>
      <label for="result">Result</label>
      <select
        id="result"
        value={result}
        onChange={(e) => setResult(e.currentTarget.value as CallOutcomeBody['result'])}
      >
        {results.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {(result === 'not-interested' || result === 'left') && (
        <>
          <label for="reason">Why they left</label>
          <select id="reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
            <option value="">not said</option>
            {LEAVING_REASONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </>
      )}
      <label for="note">Note</label>
      <textarea id="note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <button type="submit" class="primary">
        Record the outcome
      </button>
      {error && <ErrorPanel error={error} />}
    </form>
  );
}

function TaskCard({ task, session, onChange }: { task: CallTask; session: Session; onChange: () => void }) {
  const [assignee, setAssignee] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const [allowPrevious, setAllowPrevious] = useState(false);
  async function assign(to: string) {
    setError(undefined);
    try {
      await call(
        api.POST('/v1/call-tasks/{taskId}/{action}', {
          params: { path: { taskId: task.taskId, action: 'assign' }, header: idempotencyKey() },
          body: { assignee: to, ...(allowPrevious ? { allowPreviousContact: true } : {}) },
        }),
      );
      onChange();
    } catch (err) {
      setError(err as Error);
      if (err instanceof ApiError && err.problem.status === 409 && task.previousContact)
        setAllowPrevious(false);
    }
  }
  const mine = task.assignee === session.name;
  return (
    <article class="task" aria-labelledby={`task-${task.taskId}`} data-testid="call-task">
      <h2 id={`task-${task.taskId}`}>
        {(task.context as TaskContext).firstName ?? task.customerId}{' '}
        <span class="muted small">
          {task.campaignId} · due {instant(task.dueAt)}
        </span>
      </h2>
      <p>
        {task.assignee ? (
          <>
            Assigned to <strong>{mine ? 'you' : task.assignee}</strong>
          </>
        ) : (
          'Unassigned'
        )}
      </p>
      <Context task={task} />
      <div class="actions">
        {!mine && (
          <button type="button" onClick={() => void assign(session.name)}>
            Claim
          </button>
        )}
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (assignee.trim()) void assign(assignee.trim());
          }}
        >
          <label for={`assign-${task.taskId}`}>Assign to</label>
          <input
            id={`assign-${task.taskId}`}
            value={assignee}
            onInput={(e) => setAssignee(e.currentTarget.value)}
          />
          <button type="submit">Assign</button>
        </form>
        {task.previousContact && (
          <label>
            <input
              type="checkbox"
              checked={allowPrevious}
              onChange={(e) => setAllowPrevious(e.currentTarget.checked)}
            />{' '}
            allow {task.previousContact.managerId} again
          </label>
        )}
      </div>
      {error && <ErrorPanel error={error} />}
      <OutcomeForm task={task} session={session} onDone={onChange} />
    </article>
  );
}

export function CallQueuePage({ session }: { session: Session }) {
  useTitle('Call queue');
  const state = useLoad(
    () => call(api.GET('/v1/call-tasks', { params: { query: { status: 'open' } } })),
    [],
    15_000,
  );
  const [selected, setSelected] = useState<string | undefined>();
  return (
    <section>
      <h1>Call queue</h1>
      <Async state={state}>
        {({ tasks }) => {
          if (tasks.length === 0)
            return <p>No open call task. Tasks appear when a journey's email and SMS got no response.</p>;
          const sorted = [...tasks].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
          const task = sorted.find((t) => t.taskId === selected);
          return (
            <div class="two-columns">
              <table>
                <caption>
                  {tasks.length} open {tasks.length === 1 ? 'task' : 'tasks'}, earliest due first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Customer</th>
                    <th scope="col">Due</th>
                    <th scope="col">Assigned to</th>
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((t) => (
                    <tr key={t.taskId} aria-current={t.taskId === selected ? 'true' : undefined}>
                      <td>
                        <button type="button" class="link" onClick={() => setSelected(t.taskId)}>
                          {(t.context as TaskContext).firstName ?? t.customerId}
                        </button>
                        <div class="muted small">{t.campaignId}</div>
                      </td>
                      <td>{instant(t.dueAt)}</td>
                      <td>{t.assignee === session.name ? 'you' : (t.assignee ?? '—')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {task ? (
                <TaskCard
                  key={task.taskId}
                  task={task}
                  session={session}
                  onChange={() => void state.reload()}
                />
              ) : (
                <p>Choose a task to see the customer's context and record the outcome.</p>
              )}
            </div>
          );
        }}
      </Async>
    </section>
  );
}
