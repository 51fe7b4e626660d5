import { useMemo } from 'react';
import { useT } from '../i18n/i18n-context';
import { ChannelList } from './channel-icon';
import { useErrorsWithin } from './dunning-fields';
import { afterName, dayLabel, levelName } from './dunning.labels';
import { layoutTimeline, stepDays, stepKey, type StepDraft } from './strategy-model';

const LANE_HEIGHT = 92; // px, one row of markers
const MARKER_WIDTH = 13; // % of the axis a marker may take before the next one moves down a lane

/**
 * C1 at a glance: the steps of a strategy on a day axis from the due date, where each one runs
 * (from the due date, or counted from the step before it). A marker selects its step.
 */
export function StrategyTimeline({
  strategy,
  steps,
  selected,
  onSelect,
}: {
  strategy: number;
  steps: readonly StepDraft[];
  selected: number | null;
  onSelect: (step: number) => void;
}) {
  const t = useT();
  const errorsWithin = useErrorsWithin();
  const days = useMemo(() => stepDays(steps), [steps]);
  const layout = useMemo(() => layoutTimeline(days, MARKER_WIDTH), [days]);
  const unplaced = steps.map((step, i) => ({ step, i })).filter(({ i }) => days[i] === null);

  return (
    <div className="dunning-timeline" data-testid="strategy-timeline">
      <div className="dunning-timeline-track" style={{ height: layout.lanes * LANE_HEIGHT + 34 }}>
        <div className="dunning-timeline-due" style={{ left: `${layout.due}%` }} aria-hidden="true">
          <span>{t('dunning.timeline.due')}</span>
        </div>
        {layout.markers.map((marker) => {
          const step = steps[marker.index] as StepDraft;
          const errors = errorsWithin(stepKey(strategy, marker.index));
          const isSelected = marker.index === selected;
          const title = [
            `${step.id} · ${levelName(step.level, t)} · ${dayLabel(marker.day, t)}`,
            step.from === 'previous'
              ? t('dunning.timeline.fromPrevious', { days: step.offsetDays })
              : t('dunning.timeline.fromDue'),
            step.template,
          ].join('\n');
          return (
            <button
              key={marker.index}
              type="button"
              className={[
                'dunning-marker',
                `dunning-marker-${step.level}`,
                isSelected ? 'dunning-marker-selected' : '',
                errors > 0 ? 'dunning-marker-invalid' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              style={{ left: `${marker.left}%`, top: marker.lane * LANE_HEIGHT }}
              aria-pressed={isSelected}
              title={title}
              data-testid="timeline-step"
              data-step={step.id}
              data-day={marker.day}
              data-index={marker.index}
              onClick={() => onSelect(marker.index)}
            >
              <span className="dunning-marker-head">
                <span className="dunning-marker-day" data-testid="timeline-day">
                  {dayLabel(marker.day, t)}
                </span>
                <span className={`badge badge-level badge-level-${step.level}`}>
                  {levelName(step.level, t)}
                </span>
              </span>
              <span className="dunning-marker-id mono">{step.id}</span>
              <span className="dunning-marker-channels">
                <ChannelList channels={step.channels} />
                {step.after === 'legal' || step.after === 'agency' ? (
                  <span className="badge badge-after" title={afterName(step.after, t)}>
                    → {t(`dunning.afterShort.${step.after}`)}
                  </span>
                ) : null}
              </span>
              {step.channels.length > 0 && step.template && (
                <span className="dunning-marker-template mono small">{step.template}</span>
              )}
              {(step.cost || step.fee) && (
                <span className="dunning-marker-money small muted">
                  {step.cost && t('dunning.timeline.cost', { cost: step.cost })}
                  {step.cost && step.fee && ' · '}
                  {step.fee && t('dunning.timeline.fee', { fee: step.fee })}
                </span>
              )}
              {errors > 0 && <span className="badge badge-error-count">{errors}</span>}
            </button>
          );
        })}
        <div className="dunning-timeline-axis" aria-hidden="true">
          {layout.markers.map((marker) => (
            <span
              key={marker.index}
              className={
                marker.index === selected
                  ? 'dunning-timeline-dot dunning-timeline-dot-selected'
                  : 'dunning-timeline-dot'
              }
              style={{ left: `${marker.left}%` }}
            />
          ))}
          {layout.ticks.map((tick) => (
            <span key={tick.day} className="dunning-timeline-tick" style={{ left: `${tick.left}%` }}>
              {dayLabel(tick.day, t)}
            </span>
          ))}
        </div>
      </div>
      {unplaced.length > 0 && (
        <p className="muted small" data-testid="timeline-unplaced">
          {t('dunning.timeline.unplaced', { steps: unplaced.map(({ step }) => step.id || '?').join(', ') })}
        </p>
      )}
    </div>
  );
}
