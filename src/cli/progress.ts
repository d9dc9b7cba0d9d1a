/**
 * A spinner with the elapsed time on stderr, for runs whose progress cannot be measured from outside (one
 * library call): it claims no percentage it does not know.
 * @module
 */

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Starts the spinner; `stop()` clears it (on a terminal) or ends its line. */
export function spinner(text: string, stream: NodeJS.WriteStream = process.stderr): { stop(): void } {
  const t0 = performance.now();
  let i = 0;
  const draw = () => {
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    stream.write(`\r${FRAMES[i++ % FRAMES.length]} ${text} ${s} s`);
  };
  draw();
  const timer = setInterval(draw, 100);
  return {
    stop() {
      clearInterval(timer);
      stream.write(stream.isTTY ? '\r\x1b[K' : '\n');
    },
  };
}
