import type {DurationMs} from '../../domain/units.js';
import type {Style} from './style.js';

/** What every screen is drawn within: where the data comes from, the window, the width, the style. */
export type ScreenFrame = {
	/** Region or endpoint host; 'DEMO' in demo mode. */
	readonly label: string;
	readonly isDemo: boolean;
	/** Where the credentials came from, said on the screen rather than above it. */
	readonly credentials?: string | undefined;
	/** The window the store holds. */
	readonly window: DurationMs;
	readonly columns: number;
	readonly style: Style;
	/** What is worth saying of the server's clock ("server clock 10 min behind …"), when it is a minute or more from ours. */
	readonly skew: string | undefined;
};
