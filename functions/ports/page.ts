/** One page of a long listing. */

/** One page of a long listing and where the next one starts (absent on the last page). */
export interface Page<T> {
  items: T[];
  cursor?: string;
}
