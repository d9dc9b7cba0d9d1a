/**
 * A progress bar on stderr for streamed commands, whose amount of work is known: percent, rows and bytes
 * done, rate and ETA. Drawn only on a terminal (or when forced), at most ten times a second.
 * @module
 */

function size(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let x = bytes;
  let u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return `${x.toFixed(x < 10 && u > 0 ? 1 : 0)} ${units[u]}`;
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const ss = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A bar for `totalRows` rows and `totalBytes` bytes; `update` redraws (throttled), `stop` clears the line. */
export interface ProgressBar {
  update(rows: number, bytes: number): void;
  stop(): void;
}

/** A progress bar, or a no-op one when `show` is false. */
export function progressBar(
  label: string,
  totalRows: number,
  totalBytes: number,
  show: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressBar {
  if (!show) return { update() {}, stop() {} };
  const t0 = performance.now();
  let last = -Infinity;
  const draw = (rows: number, bytes: number) => {
    const s = (performance.now() - t0) / 1000;
    const f = totalBytes > 0 ? bytes / totalBytes : 1;
    const width = 24;
    const full = Math.round(f * width);
    const rate = s > 0 ? bytes / s : 0;
    const eta = rate > 0 ? (totalBytes - bytes) / rate : Number.NaN;
    stream.write(
      `\r${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(100 * f).toFixed(1)}% ` +
        `${rows}/${totalRows} rows ${size(bytes)}/${size(totalBytes)} ${size(rate)}/s ETA ${duration(eta)}\x1b[K`,
    );
  };
  draw(0, 0);
  return {
    update(rows, bytes) {
      const now = performance.now();
      if (now - last < 100 && rows < totalRows) return;
      last = now;
      draw(rows, bytes);
    },
    stop() {
      stream.write(stream.isTTY ? '\r\x1b[K' : '\n');
    },
  };
}
