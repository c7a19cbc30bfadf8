import { createSides } from '../addresses';
import type { AccountSettings } from '../settings';
import { createWorkCalendar } from '../working-hours';
import type { Workflow } from '../workflow';
import type { EngineContext } from './deal-engine';

/**
 * The engine's context for one Gmail account: that address and the rep's others are the seller, with
 * colleagues at the company domains, which replace the domains of those addresses when set.
 */
export function createEngineContext(account: string, settings: AccountSettings, workflow: Workflow): EngineContext {
  return {
    workflow,
    calendar: createWorkCalendar(settings.timeZone, settings.workingHours),
    sides: createSides([account, ...settings.addresses], settings.companyDomains),
  };
}
