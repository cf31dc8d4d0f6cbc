/**
 * Message templates: plain text with `{{variable}}` placeholders from a fixed list — no logic,
 * no template language a marketer could inject through. Unknown variables are refused when the
 * campaign is created. Rendering escapes HTML in the HTML body and strips line breaks from the
 * subject (no header injection). Every email carries a visible unsubscribe link and the sender's
 * postal address (CAN-SPAM): appended when the template does not place them itself.
 */
import * as z from 'zod';

export const TEMPLATE_VARIABLES = [
  'firstName',
  'offer',
  'offerCode',
  'offerExpiresOn',
  'offerUses',
  'lapsedCategory',
  'link',
  'unsubscribeUrl',
  'postalAddress',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
/**
 * What a template is filled with; `attributes` are the customer's allow-listed attributes
 * (`{{attribute.<name>}}`, the campaign's `templateAttributes`).
 */
export type TemplateValues = Record<TemplateVariable, string> & { attributes?: Record<string, string> };

/** `{{attribute.<name>}}`: a customer attribute the campaign allow-lists. */
const ATTRIBUTE_VARIABLE = /^attribute\.([A-Za-z][A-Za-z0-9_]{0,63})$/;

/** The attribute names a template shows. */
export function attributeVariablesOf(template: string): string[] {
  return variablesOf(template).flatMap((v) => {
    const m = ATTRIBUTE_VARIABLE.exec(v);
    return m ? [m[1] as string] : [];
  });
}

const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;

export function variablesOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

const UTF8 = new TextEncoder();

export function templateSchema(maxLength: number) {
  return (
    z
      .string()
      .min(1)
      .max(maxLength)
      // Bytes, not characters: the campaign is one DynamoDB item (400 KB), and a character may be 4 bytes.
      .refine((template) => UTF8.encode(template).length <= maxLength, {
        message: `must be at most ${maxLength} bytes of UTF-8`,
        abort: true,
      })
      .superRefine((template, ctx) => {
        const unknown = variablesOf(template).filter(
          (v) => !(TEMPLATE_VARIABLES as readonly string[]).includes(v) && !ATTRIBUTE_VARIABLE.test(v),
        );
        if (unknown.length > 0)
          ctx.addIssue({
            code: 'custom',
            message: `unknown template variable${unknown.length > 1 ? 's' : ''} ${unknown
              .map((v) => `{{${v}}}`)
              .join(
                ', ',
              )}; allowed: ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')} and {{attribute.<name>}} of the campaign's templateAttributes`,
          });
      })
  );
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);

function fill(template: string, values: TemplateValues, encode: (v: string) => string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const attribute = ATTRIBUTE_VARIABLE.exec(name)?.[1];
    return encode(
      attribute ? (values.attributes?.[attribute] ?? '') : (values[name as TemplateVariable] ?? ''),
    );
  });
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function renderEmail(
  templates: { subject: string; html: string; text: string },
  values: TemplateValues,
  /** Built by the engine (the survey's links), placed after the body, before the footer. */
  appendix: { html: string; text: string } = { html: '', text: '' },
): RenderedEmail {
  const subject = fill(templates.subject, values, (v) => v)
    .replace(/[\r\n]+/g, ' ')
    .trim();
  let html = fill(templates.html, values, escapeHtml) + appendix.html;
  let text = fill(templates.text, values, (v) => v) + appendix.text;
  const has = (t: string, v: TemplateVariable) => variablesOf(t).includes(v);
  if (!has(templates.html, 'unsubscribeUrl') || !has(templates.html, 'postalAddress'))
    html += `\n<p style="font-size:12px;color:#666">${escapeHtml(values.postalAddress)} · <a href="${escapeHtml(
      values.unsubscribeUrl,
    )}">Unsubscribe</a></p>`;
  if (!has(templates.text, 'unsubscribeUrl') || !has(templates.text, 'postalAddress'))
    text += `\n\n${values.postalAddress}\nUnsubscribe: ${values.unsubscribeUrl}`;
  return { subject, html, text };
}

/** SMS bodies always say how to opt out (carriers and the TCPA expect it). */
export function renderSms(template: string, values: TemplateValues): string {
  const body = fill(template, values, (v) => v).trim();
  return /\bSTOP\b/i.test(body) ? body : `${body} Reply STOP to opt out.`;
}
