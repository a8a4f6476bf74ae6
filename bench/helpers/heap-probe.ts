/**
 * Loaded into omstop (node --expose-gc --import) by the soak runs only: on SIGUSR2, a full
 * collection, then process.memoryUsage() to the file named by OMSTOP_BENCH_HEAP_FILE.
 * The live heap after a full collection is what a leak would grow; RSS follows the
 * collector's timing instead.
 */
import {writeFileSync} from 'node:fs';

const file = process.env['OMSTOP_BENCH_HEAP_FILE'];
if (file !== undefined) {
	process.on('SIGUSR2', () => {
		(globalThis as {gc?: () => void}).gc?.();
		writeFileSync(file, JSON.stringify(process.memoryUsage()));
	});
}
