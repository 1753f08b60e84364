/** How a render shows what it is doing: a live bar on a terminal, occasional plain lines otherwise. */
export interface Progress {
  start(total: number): void;
  advance(count?: number): void;
  /** Prints a line (a warning, a failure) without garbling the bar; to `to` if given (stdout), else its own stream. */
  line(text: string, to?: NodeJS.WritableStream): void;
  /** Removes the bar. */
  stop(): void;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const REDRAW_MS = 100;
const PLAIN_EVERY_MS = 10_000;

/** A bar when `stream` is a terminal (and TERM is not "dumb"), else quiet lines for logs and CI. */
export function createProgress(stream: Stream, env: NodeJS.ProcessEnv, clock: () => number = () => performance.now()): Progress {
  return stream.isTTY && env.TERM !== "dumb" ? new Bar(stream, clock) : new PlainLines(stream, clock);
}

/** What both reporters count: pages done out of a total, since a start time. */
abstract class Tally implements Progress {
  protected total = 0;
  protected done = 0;
  protected started = 0;

  constructor(
    protected readonly stream: Stream,
    protected readonly clock: () => number,
  ) {}

  start(total: number): void {
    this.total = total;
    this.done = 0;
    this.started = this.clock();
    this.onStart();
  }

  advance(count = 1): void {
    this.done += count;
    this.advanced(this.clock());
  }

  /** "done/total pages · rate · time left" as of `now`. */
  protected status(now: number): string {
    return progressText(this.done, this.total, (now - this.started) / 1000);
  }

  protected abstract onStart(): void;
  protected abstract advanced(now: number): void;
  abstract line(text: string, to?: NodeJS.WritableStream): void;
  abstract stop(): void;
}

class Bar extends Tally {
  private drawnAt = -Infinity;
  private shown = false;

  protected onStart(): void {
    this.draw();
  }

  protected advanced(now: number): void {
    if (now - this.drawnAt >= REDRAW_MS || this.done >= this.total) this.draw();
  }

  line(text: string, to: NodeJS.WritableStream = this.stream): void {
    this.clear();
    to.write(`${text}\n`);
    if (this.total) this.draw();
  }

  stop(): void {
    this.clear();
    this.total = 0;
  }

  private clear(): void {
    if (this.shown) this.stream.write("\r\x1b[2K");
    this.shown = false;
  }

  private draw(): void {
    this.drawnAt = this.clock();
    const text = this.status(this.drawnAt);
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - text.length - 4));
    const filled = this.total ? Math.round((width * this.done) / this.total) : width;
    this.stream.write(`\r\x1b[2K[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${text}`);
    this.shown = true;
  }
}

class PlainLines extends Tally {
  private saidAt = 0;

  protected onStart(): void {
    this.saidAt = this.started;
  }

  protected advanced(now: number): void {
    if (now - this.saidAt >= PLAIN_EVERY_MS && this.done < this.total) {
      this.saidAt = now;
      this.stream.write(`render: ${this.status(now)}\n`);
    }
  }

  line(text: string, to: NodeJS.WritableStream = this.stream): void {
    to.write(`${text}\n`);
  }

  stop(): void {}
}

/** "12,345/31,234 pages · 2,345/s · 0:08 left". */
export function progressText(done: number, total: number, seconds: number): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const left = rate > 0 ? (total - done) / rate : undefined;
  return `${count(done)}/${count(total)} pages · ${count(Math.round(rate))}/s · ${left === undefined ? "--:--" : clock(left)} left`;
}

/** 12345 → "12,345" (by hand: making an Intl.NumberFormat costs more than a whole incremental plan). */
export function count(n: number): string {
  const digits = String(Math.round(Math.abs(n)));
  let out = "";
  for (let end = digits.length; end > 0; end -= 3) out = `${digits.slice(Math.max(0, end - 3), end)}${out ? `,${out}` : ""}`;
  return n < 0 ? `-${out}` : out;
}

/** Seconds as "m:ss" (or "h:mm:ss"). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return hh ? `${hh}:${String(mm).padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
}
