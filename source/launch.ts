#!/usr/bin/env node
/**
 * The bundle's entry (scripts/build.ts). It checks the Node.js version before anything else
 * is run: the rest is imported only once the check has passed, so an older Node.js reads
 * one line and exits 2 rather than failing somewhere inside a dependency with a stack trace.
 */
import {nodeProblem} from './requirements.js';

const problem = nodeProblem(process.versions.node);
if (problem === undefined) {
	await import('./cli.js');
} else {
	process.stderr.write(`${problem}\n`);
	process.exitCode = 2;
}
