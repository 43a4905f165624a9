/**
 * The highest rate the measured CPU costs allow on this machine, to tell a target that better
 * code could reach from one that the machine's cores rule out. Two bounds, each from CPU time
 * per event (which, unlike a rate, hardly depends on what else the machine runs):
 * - every process of the run together (the side measured, the publisher or load generator, the
 *   receiver) can use at most all the machine's cores;
 * - one thread can use at most one core, so the busiest one (the gateway's event loop) caps the
 *   rate on its own.
 * Both assume the processes overlap perfectly, so the real rate stays below the ceiling.
 */
import { availableParallelism } from 'node:os';
import { micros, perSecond, type Report, times } from './delivery-report.ts';
import { processCpuMs } from './process-cpu.ts';

/** CPU ms used by this process and the processes `pids` from now on: call the result to read it. */
export function cpuFromNow(pids: readonly number[]): () => number {
  const ownBefore = process.cpuUsage();
  const before = pids.map((pid) => processCpuMs(pid) ?? Number.NaN);
  return () => {
    const own = process.cpuUsage(ownBefore);
    let ms = (own.user + own.system) / 1000;
    pids.forEach((pid, i) => (ms += (processCpuMs(pid) ?? Number.NaN) - before[i]!));
    return ms;
  };
}

export interface CpuPerEvent {
  /** Every process of the run, in seconds per event. */
  allProcesses: number;
  /** The busiest single thread, in seconds per event. */
  busiestThread: number;
}

export const machineCores = (): number => availableParallelism();

/** Events per second that `cost` allows on `cores` cores. */
export function cpuCeiling(cost: CpuPerEvent, cores = machineCores()): number {
  return Math.min(cores / cost.allProcesses, 1 / cost.busiestThread);
}

/**
 * bench/delivery's two figures for a phase: the machine's CPU per `unit` on each side, and the
 * most deliveries/s the gateway's costs allow, against BullMQ's rate.
 */
export function reportCpuCeiling(
  report: Report,
  phase: {
    label: string;
    unit: 'event' | 'delivery';
    /** Who the machine's CPU counts besides the side, e.g. "the receiver". */
    rest: string;
    /** Deliveries per `unit`: the ceiling is in deliveries/s. */
    deliveriesPerUnit: number;
    gateway: CpuPerEvent;
    bullmq: { allProcesses: number; rate: number | null };
  },
): void {
  const { label, unit, gateway, bullmq } = phase;
  report.add({
    name: `machine CPU per ${unit} (with ${phase.rest}), ${label}`,
    value: micros(gateway.allProcesses),
    baseline: `BullMQ side ${micros(bullmq.allProcesses)}`,
    ratio: times(bullmq.allProcesses / gateway.allProcesses),
    target: 'none',
    pass: null,
  });
  const ceiling = cpuCeiling(gateway) * phase.deliveriesPerUnit;
  report.add({
    name: `most deliveries/s that CPU allows on ${machineCores()} cores (event loop ${micros(gateway.busiestThread)}/${unit}), ${label}`,
    value: perSecond(ceiling),
    baseline: `BullMQ ${perSecond(bullmq.rate)}`,
    ratio: times(bullmq.rate ? ceiling / bullmq.rate : Number.NaN),
    target: 'none',
    pass: null,
  });
}
