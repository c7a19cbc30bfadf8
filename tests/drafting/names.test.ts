import { describe, expect, test } from 'vitest';
import { draftFromTemplate } from '@/lib/domain/drafting/draft';
import { formalGreetingName, greetingName, parsePersonName, spokenName } from '@/lib/domain/drafting/names';
import { baseSubject, replySubject } from '@/lib/domain/drafting/subject';
import { contextFor, history, source } from './context';

describe('the name a greeting uses', () => {
  test.each([
    ['Becker, Tom', 'tbecker@acme.com', 'Tom'],
    ['Dr. Stefan Müller', 's.mueller@acme.de', 'Stefan'],
    ['PRIYA RAMAN', 'priya@acme.com', 'Priya'],
    ['priya raman', 'priya@acme.com', 'Priya'],
    ['Tom Becker, PhD', 'tom@acme.com', 'Tom'],
    ['Becker, Tom, MBA', 'tom@acme.com', 'Tom'],
    ['"Dana Lee" (Acme)', 'dana@acme.com', 'Dana'],
    ['Dana Lee | Acme Corp', 'dana@acme.com', 'Dana'],
    ['Dana Lee via LinkedIn', 'dana@acme.com', 'Dana'],
    ['jean-luc picard', 'jl@acme.com', 'Jean-Luc'],
    ["SEÁN O'BRIEN", 'sean@acme.ie', 'Seán'],
    ['McDonald, Ronald', 'ronald@acme.com', 'Ronald'],
    ['DeShawn Hill', 'dh@acme.com', 'DeShawn'],
    ['Zo\u200bë Kim', 'zoe@acme.com', 'Zoë'],
    // A family name alone, an initial, an address as the display name: no given name to greet by.
    ['Herr Doyle', 'doyle@acme.de', ''],
    ['Dr. Müller', 'mueller@acme.de', ''],
    ['J. Smith', 'jsmith@acme.com', ''],
    ['tbecker@acme.com', 'tbecker@acme.com', ''],
    // No display name: the address says which part is a name only when it is split.
    [null, 'dana.lee@acme.com', 'Dana'],
    [null, 'dana_lee+deals@acme.com', 'Dana'],
    [null, 'tbecker@acme.com', ''],
    [null, 'dana123@acme.com', ''],
    [null, 'sales@acme.com', ''],
    [null, 'info.team@acme.com', ''],
  ])('%s <%s> is greeted as "%s"', (display, address, expected) => {
    expect(greetingName(display, address)).toBe(expected);
  });

  test('a one-word address is a name when the thread calls them by it', () => {
    expect(greetingName(null, 'lee@acme.com', 'Looping in Lee, who runs ops.')).toBe('Lee');
    expect(greetingName(null, 'lee@acme.com', 'The sleeve of the order.')).toBe('');
  });

  test.each([
    ['Tom Becker will join.', 'Tom'],
    ['Tom will own the rollout.', 'Tom'],
    ['Looping in Tom for the rollout.', 'Tom'],
    ['Tuesday will work.', ''],
    ['This is the rollout plan.', ''],
    ['Tina will own the rollout.', 'Tina'],
    ['Dana will own the rollout.', ''],
    ['', ''],
  ])('tbecker@ is greeted from "%s" as "%s": an initial and a family name, named as a person', (mentions, name) => {
    expect(greetingName(null, 'tbecker@acme.com', mentions)).toBe(name);
  });

  test.each([
    ['Dana Lee', 'dana@acme.com', 'Dana Lee'],
    ['Becker, Tom', 'tbecker@acme.com', 'Tom Becker'],
    ['Herr Doyle', 'doyle@acme.de', 'Doyle'],
    [null, 'dana.lee@acme.com', 'Dana Lee'],
    [null, 'tbecker@acme.com', 'tbecker@acme.com'],
  ])('%s <%s> is named in a sentence as "%s"', (display, address, expected) => {
    expect(spokenName(display, address)).toBe(expected);
  });

  test('an address named as a person in the thread is named in a sentence in full', () => {
    expect(spokenName(null, 'tbecker@acme.com', 'Tom will own the rollout.')).toBe('Tom Becker');
  });

  test('given and family names are told apart', () => {
    expect(parsePersonName('Becker, Tom', 'tbecker@acme.com')).toEqual({ given: 'Tom', family: 'Becker', title: null });
    expect(parsePersonName('Dr. Müller', 'mueller@acme.de')).toEqual({ given: null, family: 'Müller', title: 'Dr.' });
  });

  test.each([
    ['Dr. Stefan Müller', 's.mueller@kessler.de', 'Dr. Müller'],
    ['Prof. Dr. Anna Weber', 'weber@uni.de', 'Prof. Weber'],
    ['Herr Stefan Müller', 's.mueller@kessler.de', 'Mr. Müller'],
    ['Becker, Tom', 'tbecker@acme.com', 'Tom Becker'],
    [null, 'info@acme.com', ''],
  ])('%s <%s> is greeted formally as "%s"', (display, address, name) => {
    expect(formalGreetingName(display, address)).toBe(name);
  });
});

describe('subjects', () => {
  test.each([
    ['Re: AW: Pilot', 'Pilot'],
    ['RE[2]: Fwd: Pilot', 'Pilot'],
    ['SV: Vs: Pilot', 'Pilot'],
    ['AW：Angebot', 'Angebot'],
    ['Re:Re:Re: Pilot', 'Pilot'],
    ['Antw: WG: Offerte', 'Offerte'],
    ['TR: RE: Devis', 'Devis'],
    ['Reorg plan', 'Reorg plan'],
    ['Re: Pilot\u200b  for   Q3', 'Pilot for Q3'],
    ['Fw: ', ''],
  ])('%s has the base subject "%s"', (subject, expected) => {
    expect(baseSubject(subject)).toBe(expected);
  });

  test('a reply carries one "Re: " before the base subject, or the fallback', () => {
    expect(replySubject('AW: Pilot', 'Acme')).toBe('Re: Pilot');
    expect(replySubject('Re: Re: Pilot', 'Acme')).toBe('Re: Pilot');
    expect(replySubject('  ', 'Acme')).toBe('Acme');
    expect(replySubject(undefined, 'Acme')).toBe('Acme');
  });
});

describe('template drafts name people as a rep would', () => {
  const contacts = (name: string | null, address = 'dana@acme.com') =>
    source('book_meeting').contacts.map((contact) =>
      contact.address === 'dana@acme.com' ? { ...contact, address, name } : contact,
    );

  test('"Becker, Tom" is greeted "Hi Tom,"', () => {
    const draft = draftFromTemplate(contextFor('book_meeting', { contacts: contacts('Becker, Tom') }));
    expect(draft.body.startsWith('Hi Tom,')).toBe(true);
  });

  test('an address that names nobody gets a greeting without a name', () => {
    const messages = history.map((message) => ({
      ...message,
      from: message.from === 'dana@acme.com' ? 'tbecker@acme.com' : message.from,
      to: message.to.map((address) => (address === 'dana@acme.com' ? 'tbecker@acme.com' : address)),
      text: message.text.replace('Hi Dana, ', ''),
    }));
    const draft = draftFromTemplate(
      contextFor('book_meeting', { contacts: contacts(null, 'tbecker@acme.com'), messages }),
    );
    expect(draft.body.startsWith('Hi,\n')).toBe(true);
  });

  test('a reply to "AW: …" is "Re: …", once', () => {
    const messages = history.map((message) =>
      message.id === 'm5' ? { ...message, subject: 'AW: Recap and next steps' } : message,
    );
    expect(draftFromTemplate(contextFor('book_meeting', { messages })).subject).toBe('Re: Recap and next steps');
  });

  test('an intro names the referrer, never by their address', () => {
    const draft = draftFromTemplate(contextFor('stakeholder_intro', { contacts: contacts(null) }));
    expect(draft.body).toContain('Dana looped you in on our conversation');
    expect(draft.body).not.toContain('dana@acme.com');
  });
});

describe('the subject of a reply on real mail', () => {
  test.each([
    ['RE: RE: Whats up!!!!!', 'Re: Whats up!!!!!'],
    ['FW: RE: Fwd: AW: SV: WG: Pilot', 'Re: Pilot'],
    ['RE:', 'Re: Intro from Sam'],
    ['', 'Re: Intro from Sam'],
  ])('after "%s" it is "%s"', (subject, expected) => {
    const messages = [...history.slice(0, 2), { ...history[2]!, subject }];
    expect(draftFromTemplate(contextFor('reply', { messages })).subject).toBe(expected);
  });
});

test("an empty subject takes its thread's first, not another thread's", () => {
  const messages = [
    { ...history[0]!, thread: 'ta', subject: 'Pricing for the pilot' },
    { ...history[1]!, thread: 'tb', subject: 'Security review' },
    { ...history[2]!, thread: 'ta', subject: 'RE:' },
  ];
  expect(draftFromTemplate(contextFor('reply', { messages })).subject).toBe('Re: Pricing for the pilot');
});
