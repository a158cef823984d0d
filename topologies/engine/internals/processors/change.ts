/** What table nodes forward: the new value of a key and the value it replaces (null: none). */
export interface Change<V> {
  readonly newValue: V | null;
  readonly oldValue: V | null;
}
