/**
 * The licences of what the bundle carries: nearly all MIT or ISC, which ask that their notice
 * go with every copy. Written beside the bundle from esbuild's list of the files it took in.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {Metafile} from 'esbuild';

/** A package's directory from the path of one of its files, as esbuild names inputs. */
const PACKAGE = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//;
const LICENSE_FILE = /^(licen[cs]e|copying|notice)/i;

/** One section per package in the bundle: name, version, licence and the texts of its licence files. */
export function thirdPartyNotices(root: string, metafile: Metafile): string {
	const directories = new Set<string>();
	for (const input of Object.keys(metafile.inputs)) {
		const match = PACKAGE.exec(input);
		if (match !== null) {
			directories.add(match[1]!);
		}
	}

	const sections = [...directories].sort().map(directory => {
		const path = join(root, directory);
		const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as {name: string; version: string; license?: string};
		const files = existsSync(path) ? readdirSync(path).filter(name => LICENSE_FILE.test(name)).sort() : [];
		const texts = files.map(name => readFileSync(join(path, name), 'utf8').trim());
		const body = texts.length > 0 ? texts.join('\n\n') : `(the package has no licence file; its package.json says ${manifest.license ?? 'nothing'})`;
		return `${manifest.name} ${manifest.version} (${manifest.license ?? 'no licence field'})\n\n${body}\n`;
	});
	return `omstop's bundle carries these packages, under these licences.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}
