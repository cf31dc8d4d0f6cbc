/** The survey in an email: a link per reason, escaped; a reason listed twice is refused by its place. */
import { describe, expect, it } from 'vitest';
import { campaignSettingsSchema } from '../../../../functions/domain/journey/campaign.js';
import { surveyBlock } from '../../../../functions/domain/journey/survey.js';

describe('survey', () => {
  it('puts the question and a link per reason into the email, HTML-escaped', () => {
    const block = surveyBlock(
      { question: 'Why did you <stop>?', reasons: ['price', 'competitor'] },
      'https://shop.example',
      '0b1c',
    );
    expect(block.html).toContain('<p>Why did you &lt;stop&gt;?</p>');
    expect(block.html).toContain('<a href="https://shop.example/r/0b1c/competitor">I found another shop</a>');
    expect(block.text).toContain('- The price: https://shop.example/r/0b1c/price');
  });

  it('refuses a reason listed twice, naming its place, and a reason outside the list', () => {
    const base = {
      name: 'x',
      email: { subject: 'Hi', html: '<p>x</p>', text: 'x' },
      sms: { text: 'x' },
    };
    const twice = campaignSettingsSchema.safeParse({
      ...base,
      survey: { reasons: ['price', 'quality', 'price'] },
    });
    expect(twice.error?.issues).toContainEqual(
      expect.objectContaining({ path: ['survey', 'reasons', 2], message: "'price' is listed twice" }),
    );
    expect(
      campaignSettingsSchema.safeParse({ ...base, survey: { reasons: ['price', 'weather'] } }).success,
    ).toBe(false);
  });
});
