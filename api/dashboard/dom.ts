/** A few DOM helpers instead of a framework: elements from tags, attributes and children. */

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | EventListener>;

/**
 * An element: attributes set as given (`true` as an empty attribute, `false`/undefined left out),
 * `on<event>` functions added as listeners, children appended (strings as text, never as HTML).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
}

/** Appends children, skipping empty ones. */
export function append(parent: Element, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A card section titled by its `h2` (`id` ties them for screen readers), "Loading…" until `fill`. */
export function card(id: string, title: string): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, title),
    h('p', { class: 'hint' }, 'Loading…'),
  );
}

/** Replaces what a `card` shows below its heading (its first child). */
export function fill(section: HTMLElement, ...children: Child[]): void {
  replace(section, section.firstElementChild, ...children);
}

/** A labelled input: the label's `for` and the input's `id` tie them for screen readers and tests. */
export function field(
  label: string,
  attributes: Attributes & { id: string; name: string },
  hint?: string,
): HTMLDivElement {
  const hintId = hint ? `${attributes.id}-hint` : undefined;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: attributes.id }, label),
    h('input', { ...attributes, ...(hintId ? { 'aria-describedby': hintId } : {}) }),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
  );
}

/** The form's named values as strings, untrimmed (passwords keep their spaces). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string') values[key] = value;
  });
  return values;
}
