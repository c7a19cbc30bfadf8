import { describe, expect, test } from 'vitest';
import { DEFAULT_DRAFTING_SETTINGS } from '@/lib/domain/settings';
import type { Prompt } from '@/lib/domain/drafting/types';
import { testBackground } from '../helpers/fake-ports';

const ACCOUNT = 'sam@emberseller.com';
const answer = {
  subject: 'Re: Pilot',
  body: 'Hi Dana,\n\nTuesday at 10:00 works.\n\nBest,\nSam',
  reason: 'Dana asked to talk',
  factsUsed: ['m2'],
  questions: [],
};

async function withTrigger(providerOn: boolean, { providerAnswers = Promise.resolve(), settle = true } = {}) {
  const prompts: Prompt[] = [];
  let firstAsked = () => {};
  /** Resolves when the provider is first asked for a draft. */
  const providerAsked = new Promise<void>((resolve) => (firstAsked = resolve));
  const harness = testBackground({
    createProvider: () => ({
      complete: async (prompt: Prompt) => {
        prompts.push(prompt);
        firstAsked();
        await providerAnswers;
        return answer;
      },
      check: async () => ({ ok: true, message: 'Connected' }),
    }),
  });
  const handlers = harness.background.handlers();
  await harness.deps.drafting.save({ ...DEFAULT_DRAFTING_SETTINGS, enabled: providerOn });
  await handlers.createDeal(
    { account: ACCOUNT, id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] },
    {},
  );
  const message = (id: string, from: string, to: string, at: string, body: string) => ({
    id,
    thread: 't1',
    at: Date.parse(at),
    from,
    to: [to],
    cc: [],
    subject: 'Pilot',
    body,
  });
  harness.clock.set('2026-04-06T10:00:00Z');
  await handlers.ingestMessages(
    {
      account: ACCOUNT,
      messages: [
        message(
          'm1',
          `Sam <${ACCOUNT}>`,
          'dana@acme.com',
          '2026-04-06T09:30:00Z',
          'Hi Dana,\n\nWorth a talk?\n\nCheers,\nSam',
        ),
        message('m2', 'Dana <dana@acme.com>', ACCOUNT, '2026-04-06T10:00:00Z', 'Yes, can we talk this week?'),
      ],
    },
    {},
  );
  if (settle) await harness.background.predraftsSettled();
  return { ...harness, handlers, prompts, providerAsked };
}

describe('drafts in the background', () => {
  test('with a provider, a fired trigger is drafted at once and opening it costs no second call', async () => {
    const { handlers, prompts } = await withTrigger(true);
    expect(prompts).toHaveLength(1);
    const draft = await handlers.getDraft(
      { account: ACCOUNT, trigger: 'acme#buyer_replied@m:m2', regenerate: false },
      {},
    );
    expect(draft).toMatchObject({ source: 'provider', body: answer.body, factsUsed: ['m2'], kind: 'book_meeting' });
    expect(prompts).toHaveLength(1);
    expect(draft.prompt).toEqual(prompts[0]);
    await handlers.getDraft({ account: ACCOUNT, trigger: 'acme#buyer_replied@m:m2', regenerate: true }, {});
    expect(prompts).toHaveLength(2);
  });

  test('a cached booking is made again in a later hour: its first slot may have passed', async () => {
    const { handlers, prompts, clock } = await withTrigger(true);
    const ask = () =>
      handlers.getDraft({ account: ACCOUNT, trigger: 'acme#buyer_replied@m:m2', regenerate: false }, {});
    await ask();
    expect(prompts).toHaveLength(1);
    clock.set('2026-04-06T10:59:00Z');
    await ask();
    expect(prompts).toHaveLength(1);
    clock.set('2026-04-06T11:00:00Z');
    await ask();
    expect(prompts).toHaveLength(2);
  });

  test("the buyer's agreeing to talk meets Contact's exit criterion: the draft suggests advancing, with it as evidence", async () => {
    const { handlers } = await withTrigger(false);
    const draft = await handlers.getDraft(
      { account: ACCOUNT, trigger: 'acme#buyer_replied@m:m2', regenerate: false },
      {},
    );
    expect(draft.advance).toEqual({
      to: 'discovery',
      toName: 'Discovery',
      evidence: 'm2',
      why: 'Dana\'s latest message meets the exit criterion of Contact ("The buyer replied and agreed to talk"): advance to Discovery?',
    });
    await handlers.advanceStage({ account: ACCOUNT, deal: 'acme', to: 'discovery', evidence: 'm2' }, {});
    const detail = await handlers.getDeal({ account: ACCOUNT, deal: 'acme' }, {});
    expect(detail.deal.stage).toBe('discovery');
    // The same message does not meet Discovery's criterion: nothing more is suggested.
    const after = await handlers.getDraft(
      { account: ACCOUNT, trigger: 'acme#buyer_replied@m:m2', regenerate: false },
      {},
    );
    expect(after).toMatchObject({ kind: 'reply', advance: null });
  });

  test('asking for a draft while its pre-draft is with the provider waits for that one call', async () => {
    let answerNow!: () => void;
    const providerAnswers = new Promise<void>((resolve) => (answerNow = resolve));
    const { handlers, prompts, background, providerAsked } = await withTrigger(true, {
      providerAnswers,
      settle: false,
    });
    await providerAsked;
    // The provider answers the pre-draft once the asked draft has looked for a cached one and found
    // none: from there it either waits for the pre-draft's call, or makes a second one.
    const drafts = background.service(ACCOUNT).database.drafts;
    const lookUp = drafts.get.bind(drafts);
    drafts.get = ((key: string) =>
      lookUp(key).then((cached) => {
        answerNow();
        return cached;
      })) as typeof drafts.get;
    const asked = handlers.getDraft({ account: ACCOUNT, trigger: 'acme#buyer_replied@m:m2', regenerate: false }, {});
    expect(await asked).toMatchObject({ source: 'provider', body: answer.body });
    await background.predraftsSettled();
    expect(prompts).toHaveLength(1);
  });

  test("without a provider, the template is drafted on demand, in the voice learned from the rep's sends", async () => {
    const { handlers, prompts } = await withTrigger(false);
    const draft = await handlers.getDraft(
      { account: ACCOUNT, trigger: 'acme#buyer_replied@m:m2', regenerate: false },
      {},
    );
    expect(prompts).toEqual([]);
    expect(draft).toMatchObject({
      source: 'template',
      note: "No drafting provider is set up, so this is Ember's template draft.",
    });
    expect(draft.body.startsWith('Hi Dana,')).toBe(true);
    expect(draft.body.endsWith('Cheers,\nSam')).toBe(true);
    const voice = await handlers.getVoice({ account: ACCOUNT }, {});
    expect(voice.profile).toMatchObject({ signOff: 'Cheers,\nSam', sampleSize: 1 });
  });

  test("a colleague's mail to the buyer is not the rep's voice", async () => {
    const { handlers } = await withTrigger(false);
    await handlers.ingestMessages(
      {
        account: ACCOUNT,
        messages: [
          {
            id: 'b1',
            thread: 't1',
            at: Date.parse('2026-04-06T10:05:00Z'),
            from: 'Bill <bill@emberseller.com>',
            to: ['dana@acme.com'],
            cc: [],
            subject: 'Re: Pilot',
            body: 'Dana, adding the deck.\n\nThanks,\nBill',
          },
        ],
      },
      {},
    );
    const voice = await handlers.getVoice({ account: ACCOUNT }, {});
    expect(voice.profile).toMatchObject({ signOff: 'Cheers,\nSam', sampleSize: 1 });
  });

  test('a voice override wins and changes the next draft', async () => {
    const { handlers } = await withTrigger(false);
    const saved = await handlers.saveVoiceOverride({ account: ACCOUNT, override: { signOff: 'Warmly,\nSam' } }, {});
    expect(saved.profile.signOff).toBe('Warmly,\nSam');
    const draft = await handlers.getDraft(
      { account: ACCOUNT, trigger: 'acme#buyer_replied@m:m2', regenerate: false },
      {},
    );
    expect(draft.body.endsWith('Warmly,\nSam')).toBe(true);
  });

  test('a recorded meeting is kept, and its recap draft is built on it', async () => {
    const { handlers, clock } = await withTrigger(false);
    clock.set('2026-04-07T12:00:00Z');
    await handlers.recordMeeting(
      {
        account: ACCOUNT,
        deal: 'acme',
        start: Date.parse('2026-04-07T10:00:00Z'),
        end: Date.parse('2026-04-07T11:00:00Z'),
        title: 'Discovery call',
      },
      {},
    );
    const detail = await handlers.getDeal({ account: ACCOUNT, deal: 'acme' }, {});
    expect(detail.meetings).toMatchObject([{ title: 'Discovery call' }]);
    const ended = detail.triggers.find((trigger) => trigger.kind === 'meeting_ended')!;
    const draft = await handlers.getDraft({ account: ACCOUNT, trigger: ended.id, regenerate: false }, {});
    expect(draft.kind).toBe('send_recap');
    // The title is quoted and datamarked, like everything that came from mail.
    expect(draft.prompt.user).toMatch(/MEETINGS:\n- <<(EMAIL-[0-9a-f]{8})>>ˆDiscoveryˆcall<<\/\1>>: 2026-04-07/);
  });

  test('an unknown trigger is refused', async () => {
    const { handlers } = await withTrigger(false);
    await expect(handlers.getDraft({ account: ACCOUNT, trigger: 'nope#1', regenerate: false }, {})).rejects.toThrow(
      'unknown trigger "nope#1"',
    );
  });

  test('"Test connection" says when drafting is off', async () => {
    const { handlers } = await withTrigger(false);
    expect(await handlers.testDraftingProvider({}, {})).toEqual({
      ok: false,
      message: 'Drafting with a provider is off: turn it on and save first.',
    });
  });
});
