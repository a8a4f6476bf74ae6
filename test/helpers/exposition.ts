/** One sample of the Prometheus text format. */
export type ParsedSample = {readonly name: string; readonly labels: Readonly<Record<string, string>>; readonly value: number};

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a text exposition (what omstop writes: no timestamps, escaped label values). */
export function parseExposition(text: string): ParsedSample[] {
	const samples: ParsedSample[] = [];
	for (const line of text.split('\n')) {
		const match = SAMPLE.exec(line);
		if (line.startsWith('#') || match === null) {
			continue;
		}

		const labels: Record<string, string> = {};
		for (const [, name, value] of (match[2] ?? '').matchAll(LABEL)) {
			labels[name!] = value!.replaceAll(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
		}

		samples.push({name: match[1]!, labels, value: Number(match[3])});
	}

	return samples;
}

/** The one sample of `name` whose labels include `labels`; throws when there is not exactly one. */
export function sampleOf(samples: readonly ParsedSample[], name: string, labels: Readonly<Record<string, string>> = {}): number {
	const found = samples.filter(sample => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
	if (found.length !== 1) {
		throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
	}

	return found[0]!.value;
}
