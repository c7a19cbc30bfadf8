import { describe, expect, test } from 'vitest';
import type { RequestType } from '@/lib/messaging/protocol';
import { IDEMPOTENT_REQUESTS, isWorkerStopped, retryWhenWorkerStops } from '@/lib/messaging/retry';

const stopped = new Error('Could not establish connection. Receiving end does not exist.');

/** A send that fails with each given error in turn, then answers; it records every attempt. */
function flakySend(failures: Error[]) {
  const attempts: RequestType[] = [];
  const send = async (type: RequestType) => {
    attempts.push(type);
    const failure = failures[attempts.length - 1];
    if (failure) throw failure;
    return { ok: true, value: attempts.length };
  };
  return { send, attempts };
}

const noWait = () => Promise.resolve();

describe('requests when the service worker stops before answering', () => {
  test.each([
    ['Could not establish connection. Receiving end does not exist.', true],
    ['The message port closed before a response was received.', true],
    [
      'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
      true,
    ],
    ['No response', true],
    ['Extension context invalidated.', false],
    ['ingestMessages: rejected: unknown deal "acme"', false],
  ])('%s → worker stopped: %s', (message, expected) => {
    expect(isWorkerStopped(new Error(message))).toBe(expected);
  });

  test('an idempotent request is sent again, with a growing pause, until it is answered', async () => {
    const { send, attempts } = flakySend([stopped, stopped]);
    const pauses: number[] = [];
    const retrying = retryWhenWorkerStops(send, async (ms) => void pauses.push(ms), [10, 20, 30]);
    await expect(retrying('ingestMessages', {})).resolves.toEqual({ ok: true, value: 3 });
    expect(attempts).toEqual(['ingestMessages', 'ingestMessages', 'ingestMessages']);
    expect(pauses).toEqual([10, 20]);
  });

  test('gives up after the last pause with the error the worker left', async () => {
    const { send, attempts } = flakySend([stopped, stopped, stopped]);
    await expect(retryWhenWorkerStops(send, noWait, [1, 1])('getQueue', {})).rejects.toBe(stopped);
    expect(attempts).toHaveLength(3);
  });

  test.each<RequestType>(['advanceStage', 'createDeal', 'closeDeal', 'recordMeeting', 'saveWorkflow', 'importData'])(
    '%s, which would apply twice, is not sent again',
    async (type) => {
      expect(IDEMPOTENT_REQUESTS.has(type)).toBe(false);
      const { send, attempts } = flakySend([stopped]);
      await expect(retryWhenWorkerStops(send, noWait)(type, {})).rejects.toBe(stopped);
      expect(attempts).toHaveLength(1);
    },
  );

  test('a refusal from the background is not a stopped worker and is not retried', async () => {
    const refused = new Error('Extension context invalidated.');
    const { send, attempts } = flakySend([refused]);
    await expect(retryWhenWorkerStops(send, noWait)('getQueue', {})).rejects.toBe(refused);
    expect(attempts).toHaveLength(1);
  });
});
