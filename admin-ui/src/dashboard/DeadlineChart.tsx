// Steps by due date, stacked by what their status means: where the work bunches up, and how much of each deadline is
// already done. Plain SVG (no chart library): one bar per due date, a dashed line at the dashboard's day.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { Box, Typography } from '@mui/material';
import { TONES, formatDate, statusTone, type StatusTone } from '../taxYears/format';
import type { DashboardData } from './types';

const STACK: StatusTone[] = ['done', 'active', 'client', 'attention', 'waiting'];
const HEIGHT = 240;
const PAD = { top: 28, right: 12, bottom: 44, left: 44 };
const MIN_SLOT = 56;
const MAX_SLOT = 150;

/** The width its box has (so the bars share the panel, and scroll only when there are too many to fit). */
function useWidth<T extends HTMLElement>(ready: boolean): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    observer.observe(node);
    return () => observer.disconnect();
  }, [ready]);
  return [ref, width];
}

/** A round number at or above `max` for the axis (1, 2 or 5 times a power of ten). */
function niceCeiling(max: number): number {
  if (max <= 5) return Math.max(max, 1);
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((n) => n >= max)!;
}

export function DeadlineChart({ byDeadline, asOf }: { byDeadline: DashboardData['byDeadline']; asOf: string }) {
  const [hover, setHover] = useState<string | null>(null);
  const [box, boxWidth] = useWidth<HTMLDivElement>(byDeadline.length > 0);
  if (byDeadline.length === 0) return <Typography color="text.secondary">No steps with a due date yet.</Typography>;
  const bars = byDeadline.map((d) => {
    const byTone = new Map<StatusTone, number>();
    for (const [status, n] of Object.entries(d.byStatus)) byTone.set(statusTone(status), (byTone.get(statusTone(status)) ?? 0) + n);
    return { ...d, byTone };
  });
  const top = niceCeiling(Math.max(...bars.map((b) => b.total)));
  const BAR_SLOT = Math.round(Math.min(MAX_SLOT, Math.max(MIN_SLOT, (boxWidth - PAD.left - PAD.right) / bars.length)));
  const barWidth = Math.min(BAR_SLOT - 20, 48);
  const width = PAD.left + PAD.right + bars.length * BAR_SLOT;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const y = (n: number) => PAD.top + plotH - (n / top) * plotH;
  const ticks = [0, top / 2, top].filter((t, i, all) => Number.isInteger(t) && all.indexOf(t) === i);
  const firstUpcoming = bars.findIndex((b) => b.dueDate >= asOf);
  const asOfX = firstUpcoming === -1 ? PAD.left + bars.length * BAR_SLOT : PAD.left + firstUpcoming * BAR_SLOT;
  const hovered = bars.find((b) => b.dueDate === hover);

  return (
    <Box>
      <Box sx={{ overflowX: 'auto' }} ref={box}>
        <svg viewBox={`0 0 ${width} ${HEIGHT}`} width={width} height={HEIGHT} role="img" aria-label="Steps by due date and status" style={{ display: 'block', maxWidth: 'none' }}>
          {ticks.map((t) => (
            <g key={t}>
              <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} stroke="#e0e0e0" />
              <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" fontSize={11} fill="#616161">
                {t.toLocaleString('en-GB')}
              </text>
            </g>
          ))}
          {bars.map((b, i) => {
            const x = PAD.left + i * BAR_SLOT + (BAR_SLOT - barWidth) / 2;
            let base = 0;
            const [day, month, year] = formatDate(b.dueDate).split(' ');
            return (
              <g key={b.dueDate} onMouseEnter={() => setHover(b.dueDate)} onMouseLeave={() => setHover(null)} data-due={b.dueDate} style={{ cursor: 'default' }}>
                <rect x={PAD.left + i * BAR_SLOT + 2} y={PAD.top} width={BAR_SLOT - 4} height={plotH} fill={hover === b.dueDate ? '#f5f5f5' : 'transparent'} />
                {STACK.map((tone) => {
                  const n = b.byTone.get(tone) ?? 0;
                  if (!n) return null;
                  const y0 = y(base + n);
                  const h = y(base) - y0;
                  base += n;
                  return (
                    <rect key={tone} x={x} y={y0} width={barWidth} height={Math.max(h, 1)} fill={TONES[tone].main}>
                      <title>{`${formatDate(b.dueDate)}: ${TONES[tone].label.toLowerCase()} ${n}`}</title>
                    </rect>
                  );
                })}
                <text x={x + barWidth / 2} y={y(b.total) - 4} textAnchor="middle" fontSize={11} fill="#424242" fontWeight={600}>
                  {b.total.toLocaleString('en-GB')}
                </text>
                <text x={x + barWidth / 2} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" fontSize={11} fill="#424242">
                  {day} {month}
                </text>
                <text x={x + barWidth / 2} y={HEIGHT - PAD.bottom + 30} textAnchor="middle" fontSize={10} fill="#9e9e9e">
                  {year}
                </text>
              </g>
            );
          })}
          <line x1={asOfX} x2={asOfX} y1={PAD.top - 14} y2={HEIGHT - PAD.bottom} stroke="#424242" strokeDasharray="4 3" />
          <text x={asOfX > width - 90 ? asOfX - 4 : asOfX + 4} y={PAD.top - 16} fontSize={10} fill="#424242" textAnchor={asOfX > width - 90 ? 'end' : 'start'}>
            {formatDate(asOf)}
          </text>
        </svg>
      </Box>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ minHeight: 20 }}>
        {hovered
          ? `${formatDate(hovered.dueDate)}: ${STACK.filter((t) => hovered.byTone.get(t))
              .map((t) => `${hovered.byTone.get(t)} ${TONES[t].label.toLowerCase()}`)
              .join(', ')}`
          : 'Skipped and cancelled steps are left out. The dashed line is the dashboard’s day: bars to its left are past deadlines.'}
      </Typography>
    </Box>
  );
}
