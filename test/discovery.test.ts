import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DISCOVERY_INTERVAL, Discovery, listAllTasks, MONTH_REFRESH} from '../source/polling/discovery.js';
import {HOUR, type TaskId} from '../source/domain/units.js';
import {SeriesStore} from '../source/series/store.js';
import {SEEDED_TASK_IDS, startSimulator, type Simulator} from '../source/simulator/index.js';
import {clientFor} from './helpers/connect.js';
import {FakeClock} from './helpers/fake-clock.js';
import {runCli} from './helpers/run-cli.js';
import {taskDetails} from '../source/ui/task/model.js';

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);

function setup(extraTasks: number) {
	return (async () => {
		const clock = new FakeClock(T0);
		const simulator = await startSimulator({now: clock.now, extraTasks});
		const client = clientFor(simulator, {now: clock.now});
		const store = new SeriesStore({window: HOUR, now: clock.now});
		const watched = new Set<TaskId>();
		const watchlist = {
			add(taskId: TaskId) {
				watched.add(taskId);
				store.addTask(taskId);
			},
			remove(taskId: TaskId) {
				watched.delete(taskId);
				store.removeTask(taskId);
			},
			deleted(taskId: TaskId) {
				store.setStatus(taskId, {phase: 'deleted'});
			},
		};
		return {clock, simulator, client, store, watched, watchlist};
	})();
}

test('listing pages past 100 tasks, and --status filters', async () => {
	const {simulator, client} = await setup(245);
	const before = simulator.requests.length;
	const all = await listAllTasks(client, undefined);
	assert.equal(all.length, 250);
	assert.equal(new Set(all.map(task => task.id)).size, 250);
	assert.equal(simulator.requests.length - before, 3);
	const stopped = await listAllTasks(client, 'STOPPED');
	assert.ok(stopped.length > 0 && stopped.every(task => task.status === 'STOPPED'));
	assert.equal(stopped.length, simulator.tasks.filter(task => task.status === 'STOPPED').length);
	await client.close();
	await simulator.close();
});

test('tasks that appear, stop or are deleted between listings are watched and reported', async () => {
	const {clock, simulator, client, store, watched, watchlist} = await setup(0);
	const discovery = new Discovery({catalog: client, store, watchlist, clock, taskIds: []});
	await discovery.refresh();
	assert.equal(watched.size, simulator.tasks.length);
	assert.equal(store.getSnapshot().discovery.changes.length, 0, 'the first listing is not a change');
	const steady = store.task(SEEDED_TASK_IDS.steady)!.info!;
	assert.equal(steady.status, 'SYNCHRONIZING');
	assert.ok(steady.srcBucket && steady.dstBucket && steady.description);

	const added = simulator.addTask({description: 'new pair'});
	simulator.setTaskStatus(SEEDED_TASK_IDS.steady, 'STOPPED');
	simulator.removeTask(SEEDED_TASK_IDS.quiet);
	await clock.runUntil(T0 + DISCOVERY_INTERVAL, async () => undefined);
	await discovery.refresh();
	const changes = store.getSnapshot().discovery.changes.map(change => `${change.what} ${change.taskId}`);
	assert.deepEqual(changes.sort(), [`appeared ${added.id}`, `deleted ${SEEDED_TASK_IDS.quiet}`, `stopped ${SEEDED_TASK_IDS.steady}`].sort());
	assert.ok(watched.has(added.id));
	assert.equal(store.task(SEEDED_TASK_IDS.quiet)?.status.phase, 'deleted', 'marked deleted, dropped by the poller after the grace');
	assert.equal(store.task(SEEDED_TASK_IDS.steady)!.info!.status, 'STOPPED');
	await discovery.stop();
	assert.equal(clock.pending, 0, 'no timer left behind');
	await client.close();
	await simulator.close();
});

test('a failed listing keeps the tasks known and says why; a later one clears it', async () => {
	const {clock, simulator, client, store, watched, watchlist} = await setup(0);
	const discovery = new Discovery({catalog: client, store, watchlist, clock, taskIds: []});
	await discovery.refresh();
	const known = watched.size;
	simulator.setFault({kind: 'status', status: 403, errorCode: 'OMS.0004', errorMsg: 'no permission oms:synctask:list'}, {times: 1});
	await discovery.refresh();
	assert.equal(watched.size, known);
	assert.equal(store.getSnapshot().discovery.error?.code, 'forbidden');
	await discovery.refresh();
	assert.equal(store.getSnapshot().discovery.error, undefined);
	await discovery.stop();
	await client.close();
	await simulator.close();
});

test('odd list entries: unknown status kept, missing fields tolerated, unusable ids dropped', async () => {
	const {clock, simulator, client, store, watched, watchlist} = await setup(0);
	simulator.setFault({
		kind: 'body',
		body: '{"tasks":[{"sync_task_id":"odd-1","status":"PAUSED_BY_SUPPORT","description":"\\u001b]0;owned\\u0007hi"},{"count":1},{"sync_task_id":"\\u001b[2Jx"},{"sync_task_id":"odd-2"}],"count":4}',
	}, {times: 1});
	const discovery = new Discovery({catalog: client, store, watchlist, clock, taskIds: []});
	await discovery.refresh();
	assert.deepEqual([...watched].sort(), ['odd-1', 'odd-2']);
	assert.equal(store.task('odd-1')!.info!.status, 'PAUSED_BY_SUPPORT');
	assert.equal(store.task('odd-1')!.info!.description, 'hi');
	assert.equal(store.task('odd-2')!.info!.srcBucket, undefined);
	await discovery.stop();
	await client.close();
	await simulator.close();
});

test('with task ids given, their details and this month\'s counters are fetched', async () => {
	const {clock, simulator, client, store, watchlist} = await setup(0);
	store.addTask(SEEDED_TASK_IDS.bursty);
	const discovery = new Discovery({catalog: client, store, watchlist, clock, taskIds: [SEEDED_TASK_IDS.bursty]});
	await discovery.refresh();
	const info = store.task(SEEDED_TASK_IDS.bursty)!.info!;
	assert.ok(info.monthly !== undefined && info.monthly.requested > 0n);
	assert.equal(simulator.requests.filter(request => request.path.endsWith('/sync-tasks')).length, 0, 'no listing');
	await discovery.stop();
	await client.close();
	await simulator.close();
});

test('--once with no task ids reports every task in the project', async () => {
	const now = (): number => T0;
	const simulator = await startSimulator({now, extraTasks: 3});
	const env = {OMS_ENDPOINT: simulator.url, OMS_AUTH_TOKEN: simulator.token, HUAWEICLOUD_SDK_PROJECT_ID: simulator.projectId};
	try {
		await checkOnceOfProject(simulator, env, now);
	} finally {
		await simulator.close();
	}
});

async function checkOnceOfProject(simulator: Simulator, env: Record<string, string>, now: () => number): Promise<void> {
	const run = await runCli(['--once', '--json'], env, now);
	assert.equal(run.code, 0, run.stderr);
	for (const task of simulator.tasks) {
		assert.ok(run.stdout.includes(task.id));
	}

	// The listing says each task's status, so stalled is known: never for a stopped task.
	const reported = JSON.parse(run.stdout) as {tasks: Array<{sync_task_id: string; stalled: boolean | null}>};
	for (const {sync_task_id: id, stalled} of reported.tasks) {
		assert.equal(typeof stalled, 'boolean', id);
		if (simulator.tasks.find(task => task.id === id)?.status === 'STOPPED') {
			assert.equal(stalled, false, id);
		}
	}

	simulator.setFault({kind: 'status', status: 403, errorCode: 'OMS.0004', errorMsg: 'denied'}, {times: 1});
	const denied = await runCli(['--once'], env, now);
	assert.equal(denied.code, 2);
	assert.match(denied.stderr, /oms:synctask:list/);
}

test('details that cannot be fetched say why instead of question marks', async () => {
	const {clock, simulator, client, store, watchlist} = await setup(0);
	const taskId = SEEDED_TASK_IDS.steady;
	store.addTask(taskId);
	const discovery = new Discovery({catalog: client, store, watchlist, clock, taskIds: [taskId]});
	simulator.setFault({kind: 'status', status: 403, errorCode: 'OMS.0006', errorMsg: 'No permission'}, {taskId});
	await discovery.refresh();
	const task = store.task(taskId)!;
	assert.equal(task.detailsError?.code, 'forbidden');
	assert.match(taskDetails(task.info, task.month, task.detailsError)[0]!.text, /^details unavailable: .*HTTP 403/);
	simulator.clearFaults();
	await clock.runUntil(clock.now() + MONTH_REFRESH, async () => discovery.idle());
	await discovery.refresh();
	assert.equal(store.task(taskId)!.detailsError, undefined, 'cleared by the next answer');
	assert.ok(store.task(taskId)!.month !== undefined);
	await discovery.stop();
	await client.close();
	await simulator.close();
});
