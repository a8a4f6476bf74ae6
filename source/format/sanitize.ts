/**
 * The one gate for text that came from a server (error messages, task names, bucket
 * names) on its way to a terminal. It removes ESC-introduced sequences (CSI, OSC — which
 * covers title changes, OSC 52 clipboard writes and hyperlinks — DCS, APC, PM, SOS),
 * their 8-bit C1 forms, every other control character, and the bidirectional overrides
 * that can make text read differently from what it is; blanks out any secret omstop holds,
 * should a server or proxy echo one back; then cuts overlong text.
 */

const ESCAPE_SEQUENCE =
	// ESC or 8-bit CSI/OSC/DCS… followed by the rest of the sequence, up to its terminator.
	/(?:\u001B\[|\u009B)[\u0020-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|(?:\u001B[\]PX^_]|[\u0090\u0098\u009D\u009E\u009F])[\s\S]*?(?:\u0007|\u001B\\|\u009C|$)|\u001B[\u0020-\u002F]*[\u0030-\u007E]?/g;

// C0 controls but none kept, DEL, C1 controls, and the bidi embeddings, overrides and isolates.
const CONTROL_OR_BIDI = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export const DEFAULT_MAX_LENGTH = 200;

/** Shorter strings would blank out ordinary words; no token or key is this short. */
const MIN_SECRET_LENGTH = 8;
const REDACTED = '[redacted]';
/**
 * Process-wide on purpose: credentials enter at several places and times (a profile, a
 * config file, a metadata renewal hours later), and text reaches the terminal, JSON and
 * metrics by many paths. A handle threaded to every sanitize() would leak wherever one
 * path missed it; one registry the gate always consults fails closed.
 */
const secrets = new Set<string>();

/** A token or key that sanitize() must never let through, from now on. */
export function neverShow(secret: string): void {
	if (secret.length >= MIN_SECRET_LENGTH) {
		secrets.add(secret);
	}
}

export function sanitize(text: string, maxLength: number = DEFAULT_MAX_LENGTH): string {
	let clean = text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL_OR_BIDI, ' ').replace(/ {2,}/g, ' ').trim();
	// After the cleaning, so that escapes slipped into a secret do not hide it; before the cut, so that no part of one is left.
	for (const secret of secrets) {
		clean = clean.replaceAll(secret, REDACTED);
	}

	const characters = Array.from(clean);
	if (characters.length <= maxLength) {
		return clean;
	}

	return characters.slice(0, Math.max(0, maxLength - 1)).join('') + '…';
}
