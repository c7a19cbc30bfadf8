import { describe, expect, test } from 'vitest';
import { cleanMessageText } from '@/lib/domain/mail-text';

/**
 * The quoted-history forms of real business mail (written here in the shapes the Enron corpus
 * shows; the corpus fixture of issue 14 measures them at scale).
 */
describe('quoted history cut from real mail forms', () => {
  test.each([
    {
      form: "Outlook's Original Message block",
      body: 'Sounds good, see you then.\n\n -----Original Message-----\nFrom: \tAllen, Phillip K.  \nSent:\tMonday, October 09, 2000 2:00 PM\nTo:\tBlack, Tamara Jae\nSubject:\tRE: meeting\n\nCan we meet at 3?',
      own: 'Sounds good, see you then.',
    },
    {
      form: 'an Outlook header block with no marker line',
      body: 'Agreed.\n\nFrom: Dana Lee [mailto:dana@acme.com]\nSent: Tuesday, April 7, 2026 9:14 AM\nTo: Sam Rivera\nSubject: Pilot\n\nShall we start in May?',
      own: 'Agreed.',
    },
    {
      form: 'a Lotus Notes reply header',
      body: 'I will send the numbers tomorrow.\n\n\n\n\nJeff Dasovich@ENRON\n10/09/2000 02:00 PM\n"Mona Petrochko" <mona@sf.example> on 10/09/2000 01:58:12 PM\nTo: Jeff Dasovich/NA/Enron@Enron\ncc: Susan J Mara/NA/Enron@ENRON\nSubject: Re: rates\n\nWhat are the new rates?',
      own: 'I will send the numbers tomorrow.',
    },
    {
      form: "Lotus Notes' name-then-date header",
      body: 'Fine by me.\n\n\n\n\nTim Belden\n10/06/2000 09:30 AM\nTo: Phillip K Allen/HOU/ECT@ECT\ncc:\nSubject: Forecast\n\nThe forecast is attached.',
      own: 'Fine by me.',
    },
    {
      form: 'a wrapped "On … wrote:"',
      body: 'Yes, Thursday.\n\nOn Tue, Apr 7, 2026 at 9:14 AM Dana Lee <dana@acme.com>\nwrote:\n> Does Thursday work?',
      own: 'Yes, Thursday.',
    },
  ])('$form', ({ body, own }) => {
    expect(cleanMessageText(body)).toMatchObject({ text: own, forwarded: false });
  });

  test('a Lotus Notes forward keeps its own note above the marker', () => {
    const body =
      'Please see below, we need to reply by Friday.\n\n---------------------- Forwarded by Phillip K Allen/HOU/ECT on 10/09/2000 02:00 PM ---------------------------\n\n\nTim Belden\n10/06/2000 09:30 AM\nTo: Phillip K Allen/HOU/ECT@ECT\ncc:\nSubject: Forecast\n\nThe forecast is attached.';
    expect(cleanMessageText(body)).toMatchObject({
      text: 'Please see below, we need to reply by Friday.',
      forwarded: false,
    });
  });

  test.each([
    [
      'Lotus Notes',
      '---------------------- Forwarded by Phillip K Allen/HOU/ECT on 10/09/2000 02:00 PM ---------------------------\n\n"Ina Rangel" <ina@enron.example> on 10/06/2000 09:30:00 AM\nTo: Phillip K Allen/HOU/ECT@ECT\ncc:\nSubject: Parking\n\nYour new parking spot is on level 3.\nIt is yours from Monday.',
    ],
    [
      'Gmail',
      '---------- Forwarded message ---------\nFrom: Ina Rangel <ina@enron.example>\nDate: Fri, Oct 6, 2000 at 9:30 AM\nSubject: Parking\nTo: Phillip Allen <pallen@enron.example>\n\nYour new parking spot is on level 3.\nIt is yours from Monday.',
    ],
  ])('a %s forward with nothing of its own keeps the forwarded text, whole, marked forwarded', (_client, body) => {
    expect(cleanMessageText(body)).toEqual({
      text: 'Forwarded message:\nYour new parking spot is on level 3.\nIt is yours from Monday.',
      snippet: 'Forwarded message: Your new parking spot is on level 3. It is yours from Monday.',
      forwarded: true,
    });
  });

  test.each([
    'From the team: we shipped it.\n\nSent the invoice too.',
    'On second thought, Tuesday is better.\nTo be clear, 10am.',
    'Numbers on 10/09/2000 look fine.',
  ])('prose that only looks like a header is kept: %s', (body) => {
    expect(cleanMessageText(body).text).toBe(body);
  });
});
