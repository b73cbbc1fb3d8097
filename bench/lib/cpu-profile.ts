/** A V8 CPU profile of this thread over a stretch of work, and this thread's CPU time. */
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { CpuProfile } from './profile-summary.ts';

/** A running profile; `stop` ends it and returns the samples (impure). */
export interface RunningProfile {
  stop(): Promise<CpuProfile>;
}

/** Starts profiling this thread, sampling every `intervalUs` microseconds (impure). */
export async function startCpuProfile(intervalUs: number): Promise<RunningProfile> {
  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await inspector.post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await inspector.post('Profiler.stop')) as { profile: CpuProfile };
      inspector.disconnect();
      return profile;
    },
  };
}

/** CPU time of this process's main thread, in ms (Linux: utime + stime of the thread) (impure). */
export function mainThreadCpuMs(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    .split(') ')[1]
    ?.split(' ');
  return (Number(fields?.[11]) + Number(fields?.[12])) * 10;
}
