// Where the server's memory peaks: its RSS sampled every 100 ms, the maximum kept per phase
// (start-up, then each loaded endpoint). VmHWM gives the overall peak; this says when.
import type { Service } from './processes.ts';

export interface MemorySampler {
  /** Starts a new phase; samples from now on count for it. */
  phase(name: string): void;
  /** Maximum RSS (MB) seen per phase, in phase order. */
  peaks(): [phase: string, mb: number][];
  stop(): void;
}

export function sampleMemory(service: Service, firstPhase: string, intervalMs = 100): MemorySampler {
  const peaks = new Map<string, number>();
  let current = firstPhase;
  const sample = () => {
    const memory = service.memory();
    if (memory) peaks.set(current, Math.max(peaks.get(current) ?? 0, memory.rssMb));
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    phase(name) {
      sample();
      current = name;
    },
    peaks: () => [...peaks.entries()],
    stop() {
      sample();
      clearInterval(timer);
    },
  };
}
