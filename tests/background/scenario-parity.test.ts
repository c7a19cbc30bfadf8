import { describe, expect, test } from 'vitest';
import { createRequestProcessor } from '@/lib/messaging/server';
import { parseScenario } from '@/lib/domain/scenario/scenario';
import { replay } from '@/lib/domain/scenario/replay';
import { testBackground } from '../helpers/fake-ports';
import { driveScenario, type SendRequest } from '../helpers/scenario-driver';
import { readFixture } from '../helpers/scenario';

describe('the live background reaches the same conclusions as replay', () => {
  test.each(['seed-walkthrough', 'edge-cases', 'broadcasts', 'late-mail'])('%s', async (name) => {
    const { background, clock } = testBackground();
    const process = createRequestProcessor(background.handlers(), () => true);
    const send: SendRequest = async (type, data) => {
      const envelope = await process(type, data, {});
      if (!envelope.ok) throw new Error(`${type}: ${envelope.error.message}`);
      return envelope.value as never;
    };
    const input = readFixture(`${name}.json`);
    const live = await driveScenario(input, send, async (at) => clock.set(at));
    const expected = await replay(parseScenario(input));
    expect(live.triggers).toEqual(expected.triggers);
    expect(live.queue).toEqual(expected.queue);
    expect(live.unlinked).toEqual(expected.unlinked.map((entry) => entry.message));
  });
});
