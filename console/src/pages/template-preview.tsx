/**
 * Templates rendered as a chosen customer would get them, with the same rendering the journeys use
 * (functions/domain/journey/templates.ts): the HTML in a sandboxed frame (no script can run in
 * it), the text, and the SMS with its billed parts.
 */

import { smsParts } from '../../../functions/domain/journey/sms-parts.js';
import { renderEmail, renderSms } from '../../../functions/domain/journey/templates.js';
import type { CampaignDefinition, Customer } from '../api/models.js';

export function TemplatePreview({
  definition,
  customer,
}: {
  definition: CampaignDefinition;
  customer?: Customer;
}) {
  const values = {
    firstName: customer?.firstName ?? 'Ana',
    offer: definition.offer?.description ?? '',
    ...sampleCode(definition.offer),
    offerUses: String(definition.offer?.uses ?? 1),
    lapsedCategory: 'garden',
    attributes: Object.fromEntries((definition.templateAttributes ?? []).map((name) => [name, `‹${name}›`])),
    link: definition.landingUrl ?? 'https://shop.example.com/',
    unsubscribeUrl: 'https://example.com/u/preview',
    postalAddress: 'Your postal address (from the stage configuration)',
  };
  const email = renderEmail(definition.email, values);
  const sms = renderSms(definition.sms.text, values);
  const parts = smsParts(sms);
  return (
    <section aria-labelledby="rendered-title" class="rendered">
      <h2 id="rendered-title">
        As {customer ? `${customer.customerId} (${values.firstName})` : 'a sample customer'} gets it
      </h2>
      <h3>Email</h3>
      <p>
        <strong>Subject:</strong> <span data-testid="rendered-subject">{email.subject}</span>
      </p>
      <iframe title="Rendered HTML email" sandbox="" srcdoc={email.html} class="email-frame" />
      <details>
        <summary>Text version</summary>
        <pre>{email.text}</pre>
      </details>
      <h3>SMS</h3>
      <pre data-testid="rendered-sms">{sms}</pre>
      <p data-testid="sms-parts">
        {sms.length} characters · {parts} {parts === 1 ? 'part' : 'parts'} billed
      </p>
    </section>
  );
}

/** A code shaped like the one each customer will get (their own, when the campaign gives personal codes). */
function sampleCode(offer: CampaignDefinition['offer']): { offerCode: string; offerExpiresOn: string } {
  const codes = offer?.codes;
  if (!codes) return { offerCode: offer?.code ?? '', offerExpiresOn: '' };
  const offerCode =
    codes.source === 'generated'
      ? `${codes.prefix ?? ''}${'K7MQ3XP9D4HT2VWR6NBY8CJZ'.slice(0, codes.length ?? 10)}`
      : 'POOLCODE7KQ2';
  const days = codes.validDays ?? 30;
  const expires = new Date(Date.now() + days * 86_400_000);
  return {
    offerCode,
    offerExpiresOn: new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(expires),
  };
}
