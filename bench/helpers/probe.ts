import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

/** Clock ticks per second, the unit of utime and stime in /proc/PID/stat. */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;

/** User plus system CPU seconds a process has used so far. */
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name, which is in parentheses and may hold spaces; utime and stime are fields 14 and 15.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** Resident memory now and at its peak, in bytes. */
export function residentMemory(pid: number): {rss: number; peak: number} {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kilobytes = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
	return {rss: kilobytes('VmRSS'), peak: kilobytes('VmHWM')};
}

/** The machine the figures were taken on. */
export function machine(): string {
	const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
	const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown CPU';
	const cores = execFileSync('nproc', {encoding: 'utf8'}).trim();
	return `${cores} cores, ${model}, node ${process.version}, ${process.platform} ${process.arch}`;
}
