/**
 * Ink imports react-devtools-core only when DEV=true, to connect to React DevTools; it is not
 * installed and never shipped. The bundle points the import here, as Ink's own packagers do.
 */
export default {
	initialize(): void {},
	connectToDevTools(): void {},
};
