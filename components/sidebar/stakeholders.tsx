import { CONTACT_ROLES } from '@/lib/messaging/contact-roles';
import type { DealDetail } from '@/lib/messaging/protocol';
import { formatDate } from '../format';

type Role = (typeof CONTACT_ROLES)[number];

/** The buyer side of the deal, with roles; someone who just joined is highlighted until greeted. */
export function Stakeholders({
  detail,
  onRole,
}: {
  detail: DealDetail;
  onRole: (address: string, role: Role) => Promise<unknown>;
}) {
  const fresh = new Set(
    detail.triggers.filter((t) => t.kind === 'new_stakeholder' && t.status === 'open').map((t) => t.stakeholder),
  );
  return (
    <section className="block" aria-label="Stakeholders">
      <h3>Stakeholders</h3>
      {detail.contacts.length === 0 ? (
        <p className="muted">No buyer-side contacts yet.</p>
      ) : (
        <ul className="people">
          {detail.contacts.map((contact) => (
            <li key={contact.address} className={fresh.has(contact.address) ? 'new' : undefined}>
              <div>
                <strong>{contact.name ?? contact.address}</strong>
                {fresh.has(contact.address) && <span className="badge new">New</span>}
              </div>
              {contact.name && <div className="muted">{contact.address}</div>}
              <div className="muted">
                First seen {formatDate(contact.firstSeenAt)}
                {contact.lastHeardAt !== null
                  ? ` · last heard ${formatDate(contact.lastHeardAt)}`
                  : ' · not heard from yet'}
              </div>
              <select
                aria-label={`Role of ${contact.address}`}
                value={contact.role}
                onChange={(event) => void onRole(contact.address, event.target.value as Role)}
              >
                {CONTACT_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role[0]!.toUpperCase() + role.slice(1)}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
