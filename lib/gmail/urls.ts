/** The link that opens a thread in the right Gmail account (authuser, not /u/N, which can shift). */
export function gmailThreadUrl(account: string, thread: string | null): string {
  const base = `https://mail.google.com/mail/?authuser=${encodeURIComponent(account)}`;
  return thread === null ? base : `${base}#all/${encodeURIComponent(thread)}`;
}
