/**
 * `npm run build:bundle`: source/ and every dependency in one ESM file, dist/omstop.mjs, with
 * its source map beside it. One file loads in one read and one parse instead of several
 * hundred module loads, and needs nothing installed but Node.js.
 */
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build, type Plugin} from 'esbuild';
import {boundInkCache, INK_CACHE_MODULES} from './ink-caches.js';
import {thirdPartyNotices} from './notices.js';
import {MINIMUM_NODE} from '../source/requirements.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = `${ROOT}dist/omstop.mjs`;
/** Beside the bundle: the licences of the packages in it. */
export const NOTICES = 'THIRD-PARTY-LICENSES.txt';

/** Bounds Ink's two text caches in the bundle as bound-ink-caches.ts does in node_modules (see ink-caches.ts). */
export const inkCaches: Plugin = {
	name: 'ink-caches',
	setup(esbuild) {
		const modules = new Set(INK_CACHE_MODULES);
		let bounded = 0;
		esbuild.onStart(() => {
			bounded = 0;
		});
		esbuild.onLoad({filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/][^\\/]+\.js$/}, ({path}) => {
			const name = basename(path);
			if (!modules.has(name)) {
				return undefined;
			}

			bounded++;
			return {contents: boundInkCache(name, readFileSync(path, 'utf8')), loader: 'js'};
		});
		esbuild.onEnd(result => {
			if (result.errors.length === 0 && bounded !== modules.size) {
				result.errors.push({id: 'ink-caches', pluginName: 'ink-caches', text: `Bounded ${bounded} of Ink's ${modules.size} text caches: Ink's modules have moved`, location: null, notes: [], detail: undefined});
			}
		});
	},
};

function packageVersion(): string {
	return (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {version: string}).version;
}

export async function buildBundle(outfile = BUNDLE): Promise<void> {
	const {metafile} = await build({
		absWorkingDir: ROOT,
		entryPoints: [`${ROOT}source/launch.ts`],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: `node${MINIMUM_NODE}`,
		sourcemap: 'linked',
		// Whitespace and syntax only: names stay, so that a stack trace still reads without the map.
		minifyWhitespace: true,
		minifySyntax: true,
		legalComments: 'eof',
		// React and react-reconciler choose their production builds by this; the development
		// builds record a performance entry per render and grow without end.
		define: {
			'process.env.NODE_ENV': '"production"',
			OMSTOP_BUILD_VERSION: JSON.stringify(packageVersion()),
		},
		// cli.ts also sets NODE_ENV at run time, for runs from a checkout; here that is already decided.
		logOverride: {'assign-to-define': 'silent'},
		alias: {'react-devtools-core': `${ROOT}scripts/stubs/react-devtools-core.ts`},
		// esbuild's ESM output has no `require` for the CommonJS packages (React, the
		// reconciler, signal-exit) that require Node's own modules.
		banner: {js: "import {createRequire as omstopCreateRequire} from 'node:module';const require=omstopCreateRequire(import.meta.url);"},
		plugins: [inkCaches],
		metafile: true,
		logLevel: 'warning',
	});
	chmodSync(outfile, 0o755);
	writeFileSync(join(dirname(outfile), NOTICES), thirdPartyNotices(ROOT, metafile));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	await buildBundle(process.argv[2]);
}
