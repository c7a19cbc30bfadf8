import { z } from 'zod';

/*
 * MV3's content security policy forbids compiling strings. Unless told otherwise, zod probes for
 * that with `Function('')` when its first object schema is built and would compile parsers when
 * allowed; jitless means no string is ever compiled. Every extension entrypoint imports this first.
 */
z.config({ jitless: true });
