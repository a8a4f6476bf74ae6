import {createHash} from 'node:crypto';
import {MINIMUM_NODE} from '../requirements.js';

/** The name under which the single executable carries the bundle. */
export const BINARY_ASSET = 'omstop.mjs';

/** What the executable is built for: the Node.js binary it carries is Linux x64's (scripts/build-binary.ts). */
export const BINARY_TARGET = {platform: 'linux', arch: 'x64'} as const;

/** One line for an operator whose host the executable was not built for, or undefined when it was. */
export function binaryProblem(platform: string, arch: string): string | undefined {
	return platform === BINARY_TARGET.platform && arch === BINARY_TARGET.arch
		? undefined
		: `omstop: this executable is for ${BINARY_TARGET.platform} ${BINARY_TARGET.arch}, and this host is ${platform} ${arch}: use the omstop npm package instead, on Node.js ${MINIMUM_NODE} or newer`;
}

/** The bundle's file name, by its content: two different bundles never share a file. */
export function bundleFileName(content: Uint8Array): string {
	return `omstop-${createHash('sha256').update(content).digest('hex').slice(0, 16)}.mjs`;
}
