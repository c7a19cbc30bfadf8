/** A settings row: every deal must be rebuilt from its inputs before the next write (set by migrations and imports). */
export const REBUILD_PENDING = 'rebuild-pending';
