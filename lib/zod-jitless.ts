import { z } from 'zod';

/*
 * MV3's content security policy forbids compiling strings. Unless told otherwise, zod probes for
 * that with `Function('')` when its first object schema is built and would compile parsers when
 * allowed; jitless means no string is ever compiled. Every entrypoint that carries zod imports this
 * first (the Gmail scripts carry none: tests/build/size.test.ts checks).
 */
z.config({ jitless: true });
