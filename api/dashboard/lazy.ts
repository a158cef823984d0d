/** Sections that read only when the viewer comes near them, so a page visit costs fewer API calls. */

/** How far below the viewport a section starts loading: ahead of the scroll, not when already seen. */
const AHEAD = '300px 0px';

/**
 * Runs `load` once, when `element` comes within AHEAD of the viewport (at once where the browser
 * has no IntersectionObserver); never after `signal` aborts (the viewer left the page). Until
 * `load` settles the element has the class `pending`, which holds its place (styles.css), so the
 * sections after it are not all "near" at once.
 */
export function whenNear(element: Element, signal: AbortSignal, load: () => Promise<void>): void {
  if (signal.aborted) return;
  const start = () => void load().finally(() => element.classList.remove('pending'));
  element.classList.add('pending');
  if (typeof IntersectionObserver === 'undefined') return start();
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting) || signal.aborted) return;
      observer.disconnect();
      start();
    },
    { rootMargin: AHEAD },
  );
  observer.observe(element);
  signal.addEventListener('abort', () => observer.disconnect());
}
