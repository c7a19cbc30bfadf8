import { configure } from '@testing-library/dom';

/**
 * Tests wait for the state they need (findBy…, waitFor, expect.poll), never for a number of
 * milliseconds, and how long a state takes to come is not theirs to guess. The options page's voice
 * panel, for one, is a chain: the accounts round trip, then its own request, answered by the
 * in-process background only between the first renders of the settings form (420 time zones) and
 * the workflow editor, which take most of the thread in jsdom: about 0.25 s on an idle machine,
 * more than testing-library's 1 s default on a loaded one. So the timeouts here are only safety
 * nets, far above any load, that turn a state that never comes into a failure naming it.
 */
configure({ asyncUtilTimeout: 30_000 });
