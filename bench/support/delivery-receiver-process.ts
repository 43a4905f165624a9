/** Starts `delivery-receiver.ts` as a child process and talks to it over IPC, one command at a time. */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { ReceivedSample, ReceiverCommand, ReceiverMode, ReceiverReply, ReceiverStats } from './delivery-receiver.ts';

const SCRIPT = path.join(import.meta.dirname, 'delivery-receiver.ts');

/** The receiver never answers requests to paths that start with this (a hanging receiver). */
export const HANGING_PATH = '/hang';

export class ReceiverProcess {
  readonly port: number;
  readonly #child: ChildProcess;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.port = port;
  }

  static async start(): Promise<ReceiverProcess> {
    const child = fork(SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message: ReceiverReply) => {
        if (message.type === 'listening') resolve(message.port);
        else reject(new Error(`receiver said ${message.type} before listening`));
      });
      child.once('exit', (code) => reject(new Error(`receiver exited with ${code} before listening`)));
    });
    return new ReceiverProcess(child, port);
  }

  url(pathname: string): string {
    return `http://127.0.0.1:${this.port}${pathname}`;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  async setMode(mode: ReceiverMode): Promise<void> {
    await this.#ask({ type: 'mode', mode });
  }

  async reset(): Promise<void> {
    await this.#ask({ type: 'reset' });
  }

  async stats(): Promise<ReceiverStats> {
    const reply = await this.#ask({ type: 'stats' });
    if (reply.type !== 'stats') throw new Error(`unexpected reply ${reply.type}`);
    return reply.stats;
  }

  /** First arrival time of each webhook-id received on `pathname`. */
  async arrivals(pathname: string): Promise<Map<string, number>> {
    const reply = await this.#ask({ type: 'arrivals', path: pathname });
    if (reply.type !== 'arrivals') throw new Error(`unexpected reply ${reply.type}`);
    return new Map(Object.entries(reply.arrivals));
  }

  async samples(): Promise<ReceivedSample[]> {
    const reply = await this.#ask({ type: 'samples' });
    if (reply.type !== 'samples') throw new Error(`unexpected reply ${reply.type}`);
    return reply.samples;
  }

  /** Resolves once `distinct` deliveries arrived, or with the last stats at the deadline. */
  async waitForDistinct(distinct: number, timeoutMs: number): Promise<ReceiverStats> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stats = await this.stats();
      if (stats.distinct >= distinct || Date.now() > deadline) return stats;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Ends the receiver; the IPC channel is closed too, as it would keep this process alive. */
  close(): void {
    if (this.#child.connected) this.#child.disconnect();
    if (this.#child.exitCode === null) this.#child.kill('SIGTERM');
  }

  #ask(command: ReceiverCommand): Promise<ReceiverReply> {
    const answer = this.#queue.then(
      () =>
        new Promise<ReceiverReply>((resolve) => {
          this.#child.once('message', resolve);
          this.#child.send(command);
        }),
    );
    this.#queue = answer.catch(() => {});
    return answer;
  }
}
