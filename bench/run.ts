// Measured as it ships: React in production mode (cli.ts sets it too), and Ink drawing as on
// a terminal, which it does not when it believes it runs in CI (a CI or CI_* variable). Both
// are read when the modules load, so the suite is imported only after this.
process.env['NODE_ENV'] = 'production';
process.env['CI'] = 'false';

// The simulator and the relays are local: never through a proxy.
process.env['NO_PROXY'] = ['127.0.0.1', 'localhost', process.env['NO_PROXY']].filter(Boolean).join(',');

const {runSuite} = await import('./suite.js');
await runSuite(process.argv.slice(2));
