import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import ts from 'typescript';

const SOURCE = fileURLToPath(new URL('../source', import.meta.url));

function sourceFiles(directory: string): string[] {
	return readdirSync(directory, {withFileTypes: true}).flatMap(entry => {
		const path = join(directory, entry.name);
		return entry.isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
	});
}

/** The modules of source/ a file imports, type-only imports included: TypeScript's own reading of them. */
function importsOf(file: string): string[] {
	const {importedFiles} = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
	return importedFiles
		.filter(imported => imported.fileName.startsWith('.'))
		.map(imported => resolve(dirname(file), imported.fileName).replace(/\.js$/, ''))
		.flatMap(base => ['.ts', '.tsx'].map(extension => base + extension).filter(candidate => existsSync(candidate)));
}

test('the import graph of source/ has no cycle', () => {
	const files = sourceFiles(SOURCE);
	const graph = new Map(files.map(file => [file, importsOf(file)]));
	const state = new Map<string, 'open' | 'done'>();
	const path: string[] = [];
	const cycles: string[] = [];
	const visit = (file: string): void => {
		state.set(file, 'open');
		path.push(file);
		for (const next of graph.get(file) ?? []) {
			if (state.get(next) === 'open') {
				cycles.push([...path.slice(path.indexOf(next)), next].map(each => relative(SOURCE, each)).join(' → '));
			} else if (state.get(next) === undefined) {
				visit(next);
			}
		}

		path.pop();
		state.set(file, 'done');
	};

	for (const file of files) {
		if (state.get(file) === undefined) {
			visit(file);
		}
	}

	assert.ok(graph.size > 50, 'the modules were found');
	assert.deepEqual(cycles, []);
});
