import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { formatNumber } from './format.ts';

export interface Bar {
  /** Full name of the category, for the table, the summary and horizontal bars. */
  label: string;
  value: number;
  /** Shorter label for vertical bars when the full one does not fit under its bar. */
  shortLabel?: string;
  /** A remainder bucket ("Other"): drawn quieter than the rest. */
  muted?: boolean;
}

interface BarChartProps {
  /** What the chart shows; starts the accessible summary and captions the hidden table. */
  title: string;
  bars: readonly Bar[];
  /** Vertical columns suit a distribution; horizontal rows suit long category names. */
  orientation?: 'vertical' | 'horizontal';
  categoryHeader?: string;
  valueHeader?: string;
  formatValue?: (value: number) => string;
}

const FONT_PX = 12;
/** Average glyph width of the system UI font at 12px, to fit and truncate labels. */
const CHAR_PX = 7.2;
const ROW_H = 30;
const VERTICAL_H = 200;

/**
 * A small SVG bar chart. The picture is one element with role="img" and a summary of every value
 * in its aria-label; a visually hidden table carries the same numbers for screen readers that
 * browse tables. No chart library: a few rectangles sized to the container's width in pixels,
 * so text stays crisp and readable at any width.
 */
export function BarChart({
  title,
  bars,
  orientation = 'vertical',
  categoryHeader = 'Category',
  valueHeader = 'Value',
  formatValue = formatNumber,
}: BarChartProps) {
  const frame = useRef<HTMLDivElement>(null);
  const width = useWidth(frame);
  const summary = `${title}: ${bars.map((bar) => `${bar.label} ${formatValue(bar.value)}`).join(', ')}`;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const layout = { bars, max, width, formatValue };

  return (
    <figure className="bar-chart" data-orientation={orientation}>
      <div className="bar-chart__frame" ref={frame}>
        {orientation === 'vertical' ? (
          <VerticalBars {...layout} summary={summary} />
        ) : (
          <HorizontalBars {...layout} summary={summary} />
        )}
      </div>
      {/* A table cannot hide its own overflow: the wrapper hides it. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{categoryHeader}</th>
              <th scope="col">{valueHeader}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.label}>
                <th scope="row">{bar.label}</th>
                <td>{formatValue(bar.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

interface LayoutProps {
  bars: readonly Bar[];
  max: number;
  width: number;
  formatValue: (value: number) => string;
  summary: string;
}

function VerticalBars({ bars, max, width, formatValue, summary }: LayoutProps) {
  const top = 20;
  const bottom = 24;
  const plot = VERTICAL_H - top - bottom;
  const band = width / Math.max(1, bars.length);
  const barWidth = Math.min(56, band * 0.72);
  const fits = bars.every((bar) => textWidth(bar.label) <= band - 4);
  return (
    <svg
      role="img"
      aria-label={summary}
      width={width}
      height={VERTICAL_H}
      viewBox={`0 0 ${width} ${VERTICAL_H}`}
    >
      <line
        className="bar-chart__axis"
        x1={0}
        x2={width}
        y1={top + plot + 0.5}
        y2={top + plot + 0.5}
      />
      {bars.map((bar, i) => {
        const h = bar.value > 0 ? Math.max(2, (bar.value / max) * plot) : 0;
        const x = i * band + (band - barWidth) / 2;
        const center = i * band + band / 2;
        return (
          <g key={bar.label}>
            <rect
              className={bar.muted ? 'bar-chart__bar bar-chart__bar--muted' : 'bar-chart__bar'}
              x={x}
              y={top + plot - h}
              width={barWidth}
              height={h}
              rx={Math.min(4, barWidth / 4)}
            />
            <text
              className="bar-chart__value"
              x={center}
              y={top + plot - h - 6}
              textAnchor="middle"
              fontSize={FONT_PX}
            >
              {formatValue(bar.value)}
            </text>
            <text
              className="bar-chart__label"
              x={center}
              y={VERTICAL_H - 6}
              textAnchor="middle"
              fontSize={FONT_PX}
            >
              {fits ? bar.label : (bar.shortLabel ?? truncate(bar.label, band - 4))}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function HorizontalBars({ bars, max, width, formatValue, summary }: LayoutProps) {
  const height = bars.length * ROW_H;
  const longestValue = Math.max(...bars.map((bar) => textWidth(formatValue(bar.value))), 0);
  const valueWidth = longestValue + 10;
  const wanted = Math.max(...bars.map((bar) => textWidth(bar.label)), 0) + 12;
  const labelWidth = Math.min(wanted, Math.max(80, width * 0.42));
  const plot = Math.max(20, width - labelWidth - valueWidth);
  const barHeight = ROW_H - 12;
  return (
    <svg
      role="img"
      aria-label={summary}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      {bars.map((bar, i) => {
        const w = bar.value > 0 ? Math.max(2, (bar.value / max) * plot) : 0;
        const y = i * ROW_H;
        const middle = y + ROW_H / 2;
        return (
          <g key={bar.label}>
            <text
              className="bar-chart__label"
              x={labelWidth - 12}
              y={middle}
              dominantBaseline="central"
              textAnchor="end"
              fontSize={FONT_PX}
            >
              {truncate(bar.label, labelWidth - 12)}
            </text>
            <rect
              className="bar-chart__track"
              x={labelWidth}
              y={y + (ROW_H - barHeight) / 2}
              width={plot}
              height={barHeight}
              rx={4}
            />
            <rect
              className={bar.muted ? 'bar-chart__bar bar-chart__bar--muted' : 'bar-chart__bar'}
              x={labelWidth}
              y={y + (ROW_H - barHeight) / 2}
              width={w}
              height={barHeight}
              rx={4}
            />
            <text
              className="bar-chart__value"
              x={labelWidth + w + 6}
              y={middle}
              dominantBaseline="central"
              fontSize={FONT_PX}
            >
              {formatValue(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function textWidth(text: string): number {
  return text.length * CHAR_PX;
}

function truncate(text: string, maxWidth: number): string {
  const chars = Math.max(1, Math.floor(maxWidth / CHAR_PX));
  return text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`;
}

/** The element's content width in pixels, following resizes; a sensible guess before layout. */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(480);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const measured = Math.floor(element.getBoundingClientRect().width);
      if (measured > 0) setWidth(measured);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
