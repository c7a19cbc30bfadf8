/** Thread → deal, the least recently remembered forgotten first once `capacity` is reached. */
export class RecentThreadDeals {
  private readonly deals = new Map<string, string>();

  constructor(private readonly capacity: number) {}

  get(thread: string): string | undefined {
    return this.deals.get(thread);
  }

  remember(thread: string, deal: string): void {
    this.deals.delete(thread);
    this.deals.set(thread, deal);
    if (this.deals.size > this.capacity) this.deals.delete(this.deals.keys().next().value!);
  }
}
