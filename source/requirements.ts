/**
 * The oldest Node.js omstop runs on: undici 7, its HTTP client, needs 20.18.1 (its `engines`),
 * and Ink 6 needs 20. Checked first by the bundle's entry (launch.ts), in a module that loads
 * nothing else, so that an older Node gets one line instead of a stack trace.
 */
export const MINIMUM_NODE = '20.18.1';

function parts(version: string): number[] {
	return version.replace(/^v/, '').split(/[.-]/).slice(0, 3).map(Number);
}

/** Whether `version` (as in process.versions.node) is older than MINIMUM_NODE. */
export function isTooOld(version: string): boolean {
	const have = parts(version);
	const need = parts(MINIMUM_NODE);
	for (let index = 0; index < need.length; index++) {
		const difference = (have[index] ?? 0) - need[index]!;
		if (difference !== 0) {
			return difference < 0;
		}
	}

	return false;
}

/** One line for an operator on a Node.js that is too old, or undefined when it is new enough. */
export function nodeProblem(version: string): string | undefined {
	return isTooOld(version)
		? `omstop needs Node.js ${MINIMUM_NODE} or newer, and this is Node.js ${version}: install a newer Node.js, or use the omstop binary for Linux x64, which carries its own`
		: undefined;
}
