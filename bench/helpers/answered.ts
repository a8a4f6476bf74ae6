import type {Simulator} from '../../source/simulator/index.js';

/** Tasks whose statistics the simulator has answered. */
export function answeredTasks(simulator: Simulator): number {
	const answered = new Set<string>();
	for (const request of simulator.requests) {
		const match = /\/sync-tasks\/([^/]+)\/statistics$/.exec(request.path);
		if (match !== null && request.status === 200) {
			answered.add(match[1]!);
		}
	}

	return answered.size;
}
