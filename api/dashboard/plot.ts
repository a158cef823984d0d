/** A uPlot chart that fits its host's width and goes away with its page. */
import uPlot from 'uplot';

/**
 * Draws `data` in `host` as wide as the host (at least 280 px; 600 before the host is laid out),
 * follows the host's width as it changes (a window resized, a phone turned) and destroys the chart
 * when `signal` aborts, as it does when the viewer leaves the page.
 */
export function mountPlot(
  host: HTMLElement,
  options: Omit<uPlot.Options, 'width'>,
  data: uPlot.AlignedData,
  signal: AbortSignal,
): uPlot {
  const width = () => Math.max(280, host.clientWidth || 600);
  const plot = new uPlot({ ...options, width: width() }, data, host);
  const resize = new ResizeObserver(
    () => host.clientWidth > 0 && plot.setSize({ width: width(), height: options.height }),
  );
  resize.observe(host);
  signal.addEventListener('abort', () => (resize.disconnect(), plot.destroy()));
  return plot;
}
