import type {DurationMs} from '../domain/units.js';
import type {Clock, TimerHandle} from '../polling/clock.js';
import type {Fault} from './faults.js';
import type {Simulator} from './index.js';
import {unit} from './random.js';

/** The troubles an operator meets, in the order the tour shows them. */
const TOUR: readonly Fault[] = [
	{kind: 'status', status: 500, errorCode: 'OMS.0001', errorMsg: 'Internal error (simulated)'},
	{kind: 'throttle', retryAfterSeconds: 20},
	{kind: 'reset'},
	{kind: 'status', status: 503, errorCode: 'APIGW.0502', errorMsg: 'Service unavailable (simulated)'},
	{kind: 'not-json'},
	{kind: 'truncated'},
	{kind: 'delay', ms: 25_000},
];

/** Polls of one task that a fault of the tour spoils. */
const POLLS_SPOILED = 3;

/**
 * `--demo-faults`: every `every`, one running task of the simulator (drawn from `seed`)
 * meets the next trouble of the tour for a few polls, so that the demo shows what omstop
 * does when the service misbehaves. Returns a function that ends the tour.
 */
export function startFaultTour(simulator: Simulator, clock: Clock, every: DurationMs, seed = 1): () => void {
	let step = 0;
	let timer: TimerHandle | undefined;
	const next = (): void => {
		const running = simulator.tasks.filter(task => task.status === 'SYNCHRONIZING');
		if (running.length > 0) {
			const task = running[Math.floor(unit(seed, step) * running.length)]!;
			simulator.setFault(TOUR[step % TOUR.length]!, {taskId: task.id, times: POLLS_SPOILED});
		}

		step++;
		timer = clock.setTimer(next, every);
	};

	timer = clock.setTimer(next, every);
	return () => {
		if (timer !== undefined) {
			clock.clearTimer(timer);
		}
	};
}
