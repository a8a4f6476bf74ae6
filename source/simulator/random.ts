/**
 * Stand-ins for randomness that depend only on their inputs, so any bucket of any task can
 * be recomputed at any time without keeping history (and the same seed replays the same run).
 */

// The murmur3 finaliser: every input bit affects every output bit.
function avalanche(value: number): number {
	let h = value;
	h ^= h >>> 16;
	h = Math.imul(h, 0x85_eb_ca_6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2_b2_ae_35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** A 32-bit hash of integers; parts beyond 32 bits keep their high bits. */
export function hash(...parts: readonly number[]): number {
	let h = 0x9e_37_79_b9;
	for (const part of parts) {
		const high = Math.floor(part / 0x1_0000_0000);
		h = avalanche(h ^ avalanche((part >>> 0) ^ Math.imul(high, 0x27_d4_eb_2d)));
	}

	return h;
}

/** A number in [0, 1). */
export function unit(...parts: readonly number[]): number {
	return hash(...parts) / 0x1_0000_0000;
}

/** FNV-1a, so a task's traffic follows its id rather than its place in the catalogue. */
export function hashText(text: string): number {
	let h = 0x81_1c_9d_c5;
	for (let index = 0; index < text.length; index++) {
		h = Math.imul(h ^ text.charCodeAt(index), 0x01_00_01_93);
	}

	return avalanche(h);
}

/** The item a draw in [0, 1) falls on. */
export function pick<T extends readonly [unknown, ...unknown[]]>(items: T, draw: number): T[number] {
	return items[Math.floor(draw * items.length)] ?? items[0];
}
