// A manual check of the monitor against the simulator: npx tsx test/helpers/ui-demo.tsx [--ascii] [--no-color] [--bell]
process.env['NODE_ENV'] ??= 'production';
const {readConfig} = await import('../../source/config/config.js');
const {runInteractive} = await import('../../source/modes/interactive.js');
const {systemClock} = await import('../../source/polling/clock.js');
const {Poller} = await import('../../source/polling/poller.js');
const {SeriesStore} = await import('../../source/series/store.js');
const {startSimulator} = await import('../../source/simulator/index.js');
const {clientFor} = await import('./connect.js');

const config = readConfig(['--demo', ...process.argv.slice(2)], process.env);
const simulator = await startSimulator({extraTasks: Number(process.env['EXTRA_TASKS'] ?? 3)});
const client = clientFor(simulator);
const store = new SeriesStore({window: config.window, now: Date.now});
for (const task of simulator.tasks) {
	store.addTask(task.id);
}

const poller = new Poller({
	store,
	clock: systemClock,
	interval: config.interval,
	fetchStatistics: async (taskId, start, end, signal) => client.statistics(taskId, start, end, signal),
});
poller.start();
await runInteractive({store, poller, config, label: 'DEMO', demo: true, stdout: process.stdout, stdin: process.stdin, stderr: process.stderr});
await poller.stop();
await client.close();
await simulator.close();
