import { describe, expect, test } from 'vitest';
import { cleanMessageText } from '@/lib/domain/mail-text';
import { splitSignature } from '@/lib/domain/signature';

/** Raw bodies as mail clients write them; each is cleaned as ingestion does before the split. */
describe('splitSignature', () => {
  test.each([
    {
      about: 'a sign-off, a name, a title, a phone and a link',
      raw: 'Hi Dana,\n\nGreat to meet you. Pricing attached.\n\nBest,\nSam Rivera\nAccount Executive | Ember\n+1 415 555 0100\nhttps://emberseller.com\n',
      body: 'Hi Dana,\n\nGreat to meet you. Pricing attached.',
      signature: 'Best,\nSam Rivera\nAccount Executive | Ember\n+1 415 555 0100\nhttps://emberseller.com',
    },
    {
      about: 'a formal German close',
      raw: 'Sehr geehrter Herr Rivera,\n\nvielen Dank für das Angebot.\n\nMit freundlichen Grüßen\nDr. Stefan Müller\nLeiter Einkauf\nMüller GmbH | Tel. +49 89 1234567\n',
      body: 'Sehr geehrter Herr Rivera,\n\nvielen Dank für das Angebot.',
      signature: 'Mit freundlichen Grüßen\nDr. Stefan Müller\nLeiter Einkauf\nMüller GmbH | Tel. +49 89 1234567',
    },
    {
      about: 'no sign-off, a name block with a title and a mobile number',
      raw: 'Can we talk Tuesday?\n\nTom Becker\nHead of Operations, Northwind\nm: +44 7700 900123',
      body: 'Can we talk Tuesday?',
      signature: 'Tom Becker\nHead of Operations, Northwind\nm: +44 7700 900123',
    },
    {
      about: 'a sign-off alone',
      raw: 'Tuesday at 10 works.\n\nTalk soon,\nMaya',
      body: 'Tuesday at 10 works.',
      signature: 'Talk soon,\nMaya',
    },
    {
      about: 'a quoted reply under the signature (the quote goes at ingestion)',
      raw: 'Yes, send it over.\n\nThanks,\nPriya Raman\nCFO, Northwind\n\nOn Tue, Apr 7, 2026 at 9:14 AM Sam Rivera <sam@emberseller.com> wrote:\n> Shall I send the order form?',
      body: 'Yes, send it over.',
      signature: 'Thanks,\nPriya Raman\nCFO, Northwind',
    },
    {
      about: 'a sign-off, a blank line, a name block and a company registration footer',
      raw: 'Tuesday works.\n\nAll the best,\nHarriet\n\nHarriet Cole\nHead of Customer Onboarding\nT: +44 20 7946 0321\n\nLumen Freight Ltd is registered in England and Wales, company no. 08123456. This email and any attachments are confidential.',
      body: 'Tuesday works.',
      signature:
        'All the best,\nHarriet\n\nHarriet Cole\nHead of Customer Onboarding\nT: +44 20 7946 0321\n\nLumen Freight Ltd is registered in England and Wales, company no. 08123456. This email and any attachments are confidential.',
    },
    {
      about: 'an environment line and a confidentiality notice under the block',
      raw: 'Send times.\n\nThanks,\nTom\n\nTom Becker\nDirector, Claims Operations\n\nPlease consider the environment before printing this email.\n\nCONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the sole use of the intended recipient(s) and may contain confidential and privileged information. Any unauthorized review is prohibited.',
      body: 'Send times.',
      signature:
        'Thanks,\nTom\n\nTom Becker\nDirector, Claims Operations\n\nPlease consider the environment before printing this email.\n\nCONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the sole use of the intended recipient(s) and may contain confidential and privileged information. Any unauthorized review is prohibited.',
    },
    {
      about: 'a footer with no sign-off above it',
      raw: 'Agreed, go ahead.\n\nThis message is confidential and intended only for the addressee.',
      body: 'Agreed, go ahead.',
      signature: 'This message is confidential and intended only for the addressee.',
    },
  ])('cuts $about', ({ raw, body, signature }) => {
    expect(splitSignature(cleanMessageText(raw).text)).toEqual({ body, signature });
  });

  test.each([
    { about: 'a numbered list', text: 'Three things:\n\n1. SSO?\n2. Data location?' },
    { about: 'a last paragraph that is prose', text: 'Thanks.\n\nWe will decide by June 30 after the board meeting.' },
    {
      about: 'a closing with a long paragraph under it',
      text: `Hi,\n\nThanks\n${'This is a long paragraph of content that is not a signature at all. '.repeat(3)}`,
    },
    { about: 'a name line with no contact details or title', text: 'See you then.\n\nDana Lee\nAcme' },
  ])('keeps $about', ({ text }) => {
    expect(splitSignature(text)).toEqual({ body: text.trimEnd(), signature: '' });
  });
});
