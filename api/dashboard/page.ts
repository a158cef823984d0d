/** What every page gets from the app shell. */
import type { Route } from './routes';

export interface PageContext {
  /** The `<main>` landmark the page renders into. */
  main: HTMLElement;
  /** Aborted when the viewer leaves the page: streams and timers stop with it. */
  signal: AbortSignal;
  /** Goes to another page (a hash change). */
  navigate(route: Route): void;
  /** Says something to screen readers through the shell's live region. */
  announce(text: string): void;
}

/** Sets the document title the way every page names itself. */
export function setTitle(title: string): void {
  document.title = `${title} · Social Analytics`;
}
