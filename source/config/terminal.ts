/** The environment variables (passed in, never read from process.env here). */
type Environment = Readonly<Record<string, string | undefined>>;

/** What the terminal can show, as its environment says. */
export type TerminalProfile = {
	/** A dumb terminal (TERM=dumb: Emacs' shell, some CI consoles) cannot move its cursor: plain lines instead of a screen. */
	readonly isDumb: boolean;
	/**
	 * The characters it shows: all of Unicode; the Linux console's font (code page 437: no
	 * eighth blocks, round corners or ellipsis); or ASCII when the locale is not UTF-8.
	 */
	readonly charset: 'unicode' | 'linux' | 'ascii';
};

/** The locale's character set: LC_ALL, then LC_CTYPE, then LANG, the first one set (POSIX). */
function localeOf(env: Environment): string | undefined {
	return [env['LC_ALL'], env['LC_CTYPE'], env['LANG']].find(value => value !== undefined && value !== '');
}

/**
 * The terminal's limits, from its environment. A locale that names no character set is
 * not taken as ASCII only when none is set at all: many a session has no LANG and a UTF-8
 * terminal, while LANG=C or a Latin-1 locale says the terminal cannot show UTF-8.
 */
export function terminalProfile(env: Environment): TerminalProfile {
	const term = env['TERM'] ?? '';
	const locale = localeOf(env);
	const isUtf8 = locale === undefined || /utf-?8/i.test(locale);
	return {
		isDumb: term === 'dumb',
		charset: !isUtf8 ? 'ascii' : term === 'linux' ? 'linux' : 'unicode',
	};
}
