/** One printed figure: the median of its samples (one per run), with min and max. */
export type Figure = {
	readonly name: string;
	readonly unit: string;
	readonly samples: readonly number[];
	/** Each run's value over a baseline measured in that same run. */
	readonly ratio?: {readonly samples: readonly number[]; readonly of: string};
	/** What a sample is, when it is not a whole run (a frame, a task). */
	readonly per?: string;
};

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	if (sorted.length === 0) {
		return Number.NaN;
	}

	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Three significant digits below 1000, whole numbers above. */
export function formatNumber(value: number): string {
	if (!Number.isFinite(value)) {
		return String(value);
	}

	return Math.abs(value) >= 1000 ? Math.round(value).toString() : Number(value.toPrecision(3)).toString();
}

function spread(samples: readonly number[]): string {
	return `min ${formatNumber(Math.min(...samples))}, max ${formatNumber(Math.max(...samples))}`;
}

/** name, median value and unit, (min, max, n), and the ratio when there is one. */
export function formatFigure(figure: Figure): string {
	const {samples, ratio} = figure;
	const value = `${formatNumber(median(samples))} ${figure.unit}`;
	const runs = `(${spread(samples)}; n=${samples.length}${figure.per === undefined ? '' : ` ${figure.per}`})`;
	const ratioText = ratio === undefined ? '' : `  ratio ${formatNumber(median(ratio.samples))} of ${ratio.of} (${spread(ratio.samples)})`;
	return `${figure.name.padEnd(44)} ${value.padStart(14)}  ${runs}${ratioText}`;
}

export async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}
