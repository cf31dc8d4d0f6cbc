/**
 * A new campaign as a form. The API validates it (the same schema the handler uses); its
 * messages appear next to the fields they name (the problem's JSON Pointers). Beside the form:
 * the templates rendered for a chosen customer, and the send window on the viewer's clock.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import { RFM_SEGMENTS } from '../../../functions/domain/scoring/rfm.js';
import { ApiError, api, call } from '../api/client.js';
import {
  type CampaignDefinition,
  type Customer,
  idempotencyKey,
  type StoredCampaign,
} from '../api/models.js';
import { Async, ErrorPanel, useLoad, useTitle } from '../components/async.js';
import { TemplatePreview } from './template-preview.js';
import { WindowZones } from './window-zones.js';

interface Draft {
  campaignId: string;
  name: string;
  leadDays: string;
  holdoutPercent: string;
  priority: string;
  segments: string[];
  minChurnRisk: string;
  offerDescription: string;
  offerCode: string;
  landingUrl: string;
  subject: string;
  html: string;
  text: string;
  sms: string;
  windowStart: string;
  windowEnd: string;
}

const INITIAL: Draft = {
  campaignId: '',
  name: '',
  leadDays: '7',
  holdoutPercent: '10',
  priority: '0',
  segments: ['at-risk', 'cant-lose', 'hibernating', 'about-to-sleep'],
  minChurnRisk: '',
  offerDescription: '15 % off your next order',
  offerCode: 'BACK15',
  landingUrl: '',
  subject: 'We miss you, {{firstName}}',
  html: '<p>Hello {{firstName}},</p><p>It has been a while. Here is {{offer}} with the code <strong>{{offerCode}}</strong>.</p><p><a href="{{link}}">Visit the shop</a></p>',
  text: 'Hello {{firstName}}, it has been a while. Here is {{offer}} with the code {{offerCode}}: {{link}}',
  sms: '{{firstName}}, we miss you: {{offer}} with code {{offerCode}}.',
  windowStart: '09:00',
  windowEnd: '20:00',
};

/**
 * The definition the API gets: numbers as numbers, blanks left out (the API's defaults apply).
 * Editing starts from the stored definition, so what the form does not show (response windows,
 * frequency cap, the other channels' windows, …) is kept as it was.
 */
function definitionOf(d: Draft, base?: StoredCampaign): CampaignDefinition {
  const num = (v: string) => (v.trim() === '' ? undefined : Number(v));
  const {
    status: _status,
    createdAt: _created,
    updatedAt: _updated,
    launch: _launch,
    emailStats: _stats,
    report: _report,
    runFailure: _failure,
    fittedModel: _fitted,
    offer: _offer,
    landingUrl: _landing,
    ...kept
  } = (base ?? {}) as StoredCampaign & Record<string, unknown>;
  const audience = { ...((kept.audience as Record<string, unknown>) ?? {}) };
  delete audience.segments;
  delete audience.minChurnRisk;
  const windows = { ...((kept.windows as Record<string, unknown>) ?? {}) };
  delete windows.email;
  return {
    ...kept,
    campaignId: d.campaignId.trim(),
    name: d.name.trim(),
    leadDays: num(d.leadDays),
    holdoutPercent: num(d.holdoutPercent),
    priority: num(d.priority),
    audience: {
      ...audience,
      ...(d.segments.length ? { segments: d.segments as never } : {}),
      ...(num(d.minChurnRisk) !== undefined ? { minChurnRisk: num(d.minChurnRisk) } : {}),
    },
    ...(d.offerDescription.trim()
      ? {
          offer: {
            description: d.offerDescription,
            ...(d.offerCode.trim() ? { code: d.offerCode.trim() } : {}),
          },
        }
      : {}),
    ...(d.landingUrl.trim() ? { landingUrl: d.landingUrl.trim() } : {}),
    email: { ...(kept.email as object), subject: d.subject, html: d.html, text: d.text },
    sms: { ...(kept.sms as object), text: d.sms },
    windows: {
      ...windows,
      ...(d.windowStart.trim() || d.windowEnd.trim()
        ? { email: { start: d.windowStart, end: d.windowEnd } }
        : {}),
    },
  } as CampaignDefinition;
}

/** The form's fields of a stored campaign. */
function draftOf(c: StoredCampaign): Draft {
  const n = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return {
    campaignId: c.campaignId,
    name: c.name,
    leadDays: n(c.leadDays),
    holdoutPercent: n(c.holdoutPercent),
    priority: n(c.priority),
    segments: [...(c.audience?.segments ?? [])],
    minChurnRisk: n(c.audience?.minChurnRisk),
    offerDescription: c.offer?.description ?? '',
    offerCode: c.offer?.code ?? '',
    landingUrl: c.landingUrl ?? '',
    subject: c.email.subject,
    html: c.email.html,
    text: c.email.text,
    sms: c.sms.text,
    windowStart: c.windows?.email?.start ?? '',
    windowEnd: c.windows?.email?.end ?? '',
  };
}

/** Which form field a problem's pointer is about. */
const FIELD_OF_POINTER: [RegExp, keyof Draft][] = [
  [/^\/campaignId/, 'campaignId'],
  [/^\/name/, 'name'],
  [/^\/leadDays/, 'leadDays'],
  [/^\/holdoutPercent/, 'holdoutPercent'],
  [/^\/priority/, 'priority'],
  [/^\/audience\/segments/, 'segments'],
  [/^\/audience\/minChurnRisk/, 'minChurnRisk'],
  [/^\/offer\/description/, 'offerDescription'],
  [/^\/offer\/code/, 'offerCode'],
  [/^\/offer/, 'offerDescription'],
  [/^\/landingUrl/, 'landingUrl'],
  [/^\/email\/subject/, 'subject'],
  [/^\/email\/html/, 'html'],
  [/^\/email\/text/, 'text'],
  [/^\/sms/, 'sms'],
  [/^\/windows\/email\/start/, 'windowStart'],
  [/^\/windows\/email/, 'windowEnd'],
];

type FieldErrors = Partial<Record<keyof Draft | 'form', string[]>>;

function fieldErrorsOf(error: ApiError): FieldErrors {
  const out: FieldErrors = {};
  for (const e of error.problem.errors ?? []) {
    const pointer = e.pointer ?? '';
    const field = FIELD_OF_POINTER.find(([re]) => re.test(pointer))?.[1] ?? 'form';
    out[field] = [...(out[field] ?? []), ...(e.reasons ?? [e.message ?? ''])];
  }
  if (Object.keys(out).length === 0) out.form = [error.problem.detail];
  return out;
}

function Field({
  id,
  label,
  errors,
  hint,
  children,
}: {
  id: string;
  label: string;
  errors?: string[];
  hint?: string;
  children: (describedBy: string | undefined, invalid: boolean) => ComponentChildren;
}) {
  const describedBy = [hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${errors?.length ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {children(describedBy || undefined, !!errors?.length)}
      {errors?.length ? (
        <p id={`${id}-error`} class="field-error" data-testid={`error-${id}`}>
          {errors.join('; ')}
        </p>
      ) : null}
    </div>
  );
}

export function NewCampaignPage() {
  return <CampaignForm />;
}

/** A draft's definition in the same form, saved with PUT; a started campaign cannot be edited. */
export function EditCampaignPage({ campaignId }: { campaignId: string }) {
  const state = useLoad(
    () => call(api.GET('/v1/campaigns/{campaignId}', { params: { path: { campaignId } } })),
    [campaignId],
  );
  return (
    <Async state={state}>
      {(c) =>
        c.status === 'draft' ? (
          <CampaignForm base={c as StoredCampaign} />
        ) : (
          <p class="problem" role="alert">
            {c.name} is {c.status}: only a draft can be edited.
          </p>
        )
      }
    </Async>
  );
}

function CampaignForm({ base }: { base?: StoredCampaign }) {
  useTitle(base ? `Edit ${base.name}` : 'New campaign');
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState<Draft>(base ? draftOf(base) : INITIAL);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const [previewId, setPreviewId] = useState('');
  const [customer, setCustomer] = useState<Customer | undefined>();
  const [customerError, setCustomerError] = useState<string | undefined>();

  const set = (key: keyof Draft) => (e: Event) =>
    setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value });

  /** What every text control of the form carries: its value and handler, its error wiring. */
  const bound = (key: keyof Draft, describedBy: string | undefined, invalid: boolean) => ({
    id: key,
    name: key,
    value: draft[key] as string,
    onInput: set(key),
    'aria-describedby': describedBy,
    'aria-invalid': invalid,
  });

  function input(key: keyof Draft, label: string, props: Record<string, unknown> = {}, hint?: string) {
    return (
      <Field id={key} label={label} errors={errors[key]} hint={hint}>
        {(describedBy, invalid) => <input {...bound(key, describedBy, invalid)} {...props} />}
      </Field>
    );
  }

  function textarea(key: keyof Draft, label: string, rows = 4) {
    return (
      <Field id={key} label={label} errors={errors[key]}>
        {(describedBy, invalid) => <textarea rows={rows} {...bound(key, describedBy, invalid)} />}
      </Field>
    );
  }

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    try {
      const campaign = base
        ? await call(
            api.PUT('/v1/campaigns/{campaignId}', {
              // The version this form was loaded from: someone else's edit since is a 412, not lost.
              params: {
                path: { campaignId: base.campaignId },
                header: { 'If-Match': `"${base.updatedAt}"` },
              },
              body: definitionOf(draft, base),
            }),
          )
        : await call(
            api.POST('/v1/campaigns', { body: definitionOf(draft), params: { header: idempotencyKey() } }),
          );
      navigate(`/campaigns/${campaign.campaignId}/preview`);
    } catch (error) {
      if (error instanceof ApiError && [400, 409, 422].includes(error.problem.status))
        setErrors(fieldErrorsOf(error));
      else setFailure(error as Error);
      setBusy(false);
    }
  }

  async function loadCustomer(event: Event) {
    event.preventDefault();
    setCustomerError(undefined);
    try {
      setCustomer(
        await call(
          api.GET('/v1/customers/{customerId}', { params: { path: { customerId: previewId.trim() } } }),
        ),
      );
    } catch (error) {
      setCustomer(undefined);
      setCustomerError((error as Error).message);
    }
  }

  const definition = definitionOf(draft, base);
  return (
    <section>
      <h1>{base ? `Edit ${base.name}` : 'New campaign'}</h1>
      <div class="two-columns wide-left">
        <form onSubmit={submit} noValidate aria-describedby={errors.form ? 'form-error' : undefined}>
          {errors.form && (
            <p id="form-error" class="problem" role="alert">
              {errors.form.join('; ')}
            </p>
          )}
          {Object.keys(errors).length > 0 && !errors.form && (
            <p class="problem" role="alert">
              The API refused the campaign: see the messages next to the fields.
            </p>
          )}
          <fieldset>
            <legend>Campaign</legend>
            {input(
              'campaignId',
              'Campaign id',
              { required: true, readOnly: !!base },
              'Letters, digits and dashes; it names the campaign in the API.',
            )}
            {input('name', 'Name', { required: true })}
            {input('leadDays', 'Days before the churn moment to write', { inputMode: 'numeric' })}
            {input('holdoutPercent', 'Control group (% held out)', { inputMode: 'decimal' })}
            {input('priority', 'Priority over other campaigns', { inputMode: 'numeric' })}
          </fieldset>
          <fieldset aria-describedby={errors.segments ? 'segments-error' : undefined}>
            <legend>Audience: RFM segments</legend>
            <div class="checkboxes">
              {RFM_SEGMENTS.map((s) => (
                <label key={s}>
                  <input
                    type="checkbox"
                    checked={draft.segments.includes(s)}
                    onChange={(e) =>
                      setDraft({
                        ...draft,
                        segments: e.currentTarget.checked
                          ? [...draft.segments, s]
                          : draft.segments.filter((x) => x !== s),
                      })
                    }
                  />{' '}
                  {s}
                </label>
              ))}
            </div>
            {errors.segments && (
              <p id="segments-error" class="field-error">
                {errors.segments.join('; ')}
              </p>
            )}
            {input('minChurnRisk', 'Minimum churn risk (0–1, optional)', { inputMode: 'decimal' })}
          </fieldset>
          <fieldset>
            <legend>Offer</legend>
            {input('offerDescription', 'Offer')}
            {input('offerCode', 'Code')}
            {input('landingUrl', 'Landing page URL (optional)', { type: 'url' })}
          </fieldset>
          <fieldset>
            <legend>Email</legend>
            {input('subject', 'Subject')}
            {textarea('html', 'HTML body', 6)}
            {textarea('text', 'Text body')}
            {input('windowStart', 'Send from (customer local time)', { placeholder: '09:00' })}
            {input('windowEnd', 'Send until', { placeholder: '20:00' })}
            <WindowZones
              start={draft.windowStart}
              end={draft.windowEnd}
              zones={customer?.timeZone ? [customer.timeZone] : []}
            />
          </fieldset>
          <fieldset>
            <legend>SMS</legend>
            {textarea('sms', 'SMS text', 3)}
          </fieldset>
          {failure && <ErrorPanel error={failure} />}
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Saving…' : base ? 'Save and preview' : 'Create and preview'}
          </button>
        </form>
        <aside aria-label="Rendered templates">
          <form onSubmit={loadCustomer} class="inline">
            <label for="preview-customer">Render for customer</label>
            <input
              id="preview-customer"
              value={previewId}
              onInput={(e) => setPreviewId(e.currentTarget.value)}
            />
            <button type="submit">Show</button>
          </form>
          {customerError && (
            <p class="problem" role="alert">
              {customerError}
            </p>
          )}
          <TemplatePreview definition={definition} customer={customer} />
        </aside>
      </div>
    </section>
  );
}
