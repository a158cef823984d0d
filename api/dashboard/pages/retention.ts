/** A group's newcomers after 7 days: per join day, who joined, who stayed and who wrote. */
import { h } from '../dom';
import { type Cohort, formatDay, retentionRows, retentionSummary } from '../retention-rows';

/** What `GET /v1/channels/{channel}/group/retention` answers, as far as the view reads it. */
export interface Retention {
  cohorts: Cohort[];
  measured: number;
  stayed_percent: number | null;
  active_percent: number | null;
}

/** The heading, a sentence and the table of cohorts (newest join day first). */
export function retentionView(retention: Retention): HTMLElement[] {
  const summary = h('p', { 'data-testid': 'group-retention-summary' }, retentionSummary(retention));
  const heading = h('h3', { id: 'retention-heading' }, 'Newcomers after 7 days');
  if (retention.cohorts.length === 0) return [heading, summary];
  const head = ['Joined on', 'Joined', 'Stayed 7 days', 'Wrote in 7 days'].map((name) =>
    h('th', { scope: 'col' }, name),
  );
  const rows = retentionRows(retention.cohorts).map((row) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, h('time', { datetime: row.day }, formatDay(row.day))),
      h('td', {}, String(row.joined)),
      h('td', {}, row.stayed),
      h('td', {}, row.wrote),
    ),
  );
  return [
    heading,
    summary,
    h(
      'p',
      { class: 'hint' },
      'Stayed: had not left by the end of the 7th day after joining. Wrote: sent a message on days 1 to 7 after it.',
    ),
    h(
      'div',
      { class: 'scroll', role: 'region', 'aria-labelledby': 'retention-heading', tabindex: 0 },
      h(
        'table',
        { class: 'retention', 'data-testid': 'group-retention' },
        h('thead', {}, h('tr', {}, ...head)),
        h('tbody', {}, ...rows),
      ),
    ),
  ];
}
