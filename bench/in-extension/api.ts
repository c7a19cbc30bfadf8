/** What the bench page offers the Node runner (as `globalThis.emberBench`), and what it answers. */

export const STORE_FIGURES = [
  'sweep',
  'queue',
  'sidebar',
  'dashboard',
  'ingest',
  'ingest-scattered',
  'late-message',
  'backup-export',
  'backup-import',
] as const;
export type StoreFigure = (typeof STORE_FIGURES)[number];

/** Milliseconds of each repetition: the product's figure and its bare-IndexedDB limit, alternately. */
export interface Samples {
  values: number[];
  limits: number[];
  /** What each repetition did, to show the figure measured real work. */
  work: string;
}

export interface SeedReport {
  seconds: number;
  counts: Record<string, number>;
}

/** A first Google backfill, as the page measured it (bench/google-backfill.bench.ts). */
export interface BackfillSamples {
  messages: number;
  /** The whole backfill, wall clock, less the time its limits took. */
  milliseconds: number;
  /** The store's share: AccountService.ingestMessages, summed over the backfill's batches. */
  ingest: number;
  /** Bare IndexedDB bulkPuts of exactly the rows each batch wrote. */
  limit: number;
  work: string;
}

export interface BackfillDeal {
  id: string;
  title: string;
  contacts: string[];
}

export interface BenchPageApi {
  seed(): Promise<SeedReport>;
  measure(figure: StoreFigure, repetitions: number): Promise<Samples>;
  googleBackfill(baseUrl: string, deals: BackfillDeal[]): Promise<BackfillSamples>;
}
