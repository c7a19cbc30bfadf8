// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { RecordMeeting } from '@/components/sidebar/timeline';

const zone = process.env.TZ;

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  process.env.TZ = zone;
});

describe("the sidebar's Record meeting", () => {
  test.each([
    // 20:00 on 6 April in Los Angeles is already the 7th in UTC.
    ['America/Los_Angeles', '2026-04-07T03:00:00Z', '2026-04-06'],
    // 08:00 on 7 April in Auckland is still the 6th in UTC.
    ['Pacific/Auckland', '2026-04-06T20:00:00Z', '2026-04-07'],
  ])('in %s at %s it starts on the rep’s own day, %s', async (timeZone, now, day) => {
    process.env.TZ = timeZone;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(now));
    render(<RecordMeeting onRecord={async () => {}} />);
    screen.getByRole('button', { name: 'Record meeting' }).click();
    expect((await screen.findByLabelText<HTMLInputElement>('Date')).value).toBe(day);
  });
});
