import { describe, expect, test } from 'vitest';
import { testBackground } from '../helpers/fake-ports';

const ACCOUNT = 'sam@emberseller.com';
const HOUR = 3_600_000;
const sender = { id: 'x' };

function setup() {
  const { background, clock } = testBackground();
  const handlers = background.handlers();
  const ask = {
    queue: () => handlers.getQueue({ account: ACCOUNT }, sender),
    snoozed: () => handlers.getSnoozed({ account: ACCOUNT }, sender),
    snooze: (trigger: string, until: number) => handlers.snoozeTrigger({ account: ACCOUNT, trigger, until }, sender),
    unsnooze: (trigger: string) => handlers.unsnoozeTrigger({ account: ACCOUNT, trigger }, sender),
    loadSample: () => handlers.loadSampleData({ account: ACCOUNT }, sender),
    removeSample: () => handlers.removeSampleData({ account: ACCOUNT }, sender),
  };
  return { ask, clock };
}

describe('snoozes can be seen and undone (issue 18)', () => {
  test('a snoozed item leaves the queue for the Snoozed list, and Unsnooze puts it back in its place', async () => {
    const { ask, clock } = setup();
    await ask.loadSample();
    const before = await ask.queue();
    expect(before.length).toBeGreaterThan(2);
    const second = before[1]!;
    await ask.snooze(second.trigger.id, clock() + 4 * HOUR);
    expect((await ask.queue()).map((item) => item.trigger.id)).not.toContain(second.trigger.id);
    expect(await ask.snoozed()).toEqual([{ ...second, draftLine: null, until: clock() + 4 * HOUR }]);
    await ask.unsnooze(second.trigger.id);
    expect((await ask.queue()).map((item) => item.trigger.id)).toEqual(before.map((item) => item.trigger.id));
    expect(await ask.snoozed()).toEqual([]);
  });

  test('soonest to wake first; one that has woken is in the queue, not the list', async () => {
    const { ask, clock } = setup();
    await ask.loadSample();
    const [first, second, third] = await ask.queue();
    await ask.snooze(first!.trigger.id, clock() + 8 * HOUR);
    await ask.snooze(second!.trigger.id, clock() + 2 * HOUR);
    await ask.snooze(third!.trigger.id, clock() + 1);
    expect((await ask.snoozed()).map((item) => item.trigger.id)).toEqual([
      third!.trigger.id,
      second!.trigger.id,
      first!.trigger.id,
    ]);
    clock.set(clock() + 2 * HOUR);
    expect((await ask.snoozed()).map((item) => item.trigger.id)).toEqual([first!.trigger.id]);
    expect((await ask.queue()).map((item) => item.trigger.id)).toEqual(
      expect.arrayContaining([second!.trigger.id, third!.trigger.id]),
    );
  });

  test('removing the sample data removes its snoozes: loaded again, nothing stays hidden', async () => {
    const { ask, clock } = setup();
    await ask.loadSample();
    const fresh = (await ask.queue()).map((item) => item.trigger.id);
    await ask.snooze(fresh[0]!, clock() + 24 * HOUR);
    await ask.removeSample();
    expect(await ask.snoozed()).toEqual([]);
    await ask.loadSample();
    expect((await ask.queue()).map((item) => item.trigger.id)).toEqual(fresh);
    expect(await ask.snoozed()).toEqual([]);
  });

  test('unsnoozing what is not snoozed changes nothing', async () => {
    const { ask } = setup();
    await ask.loadSample();
    const before = await ask.queue();
    await ask.unsnooze('no-such-trigger');
    expect(await ask.queue()).toEqual(before);
  });
});
