import { useFormatDate, useT } from '../i18n';

/** Issued credentials per day (or per hour within one day) as SVG bars; no chart library. */
export function IssuanceChart({ issuedAt }: { issuedAt: readonly string[] }) {
  const t = useT();
  const formatDate = useFormatDate();
  const times = issuedAt.map((at) => new Date(at).getTime()).sort((a, b) => a - b);
  if (times.length === 0) return <p className="small text-muted">{t('dashboard.chartEmpty')}</p>;
  const hourly = times[times.length - 1] - times[0] < 36 * 3600_000;
  const step = hourly ? 3600_000 : 86_400_000;
  // At least 12 buckets, the newest on the right, so a single busy hour is not one wide slab.
  const last = Math.floor(times[times.length - 1] / step) * step;
  const span = (last - Math.floor(times[0] / step) * step) / step + 1;
  const count = Math.min(60, Math.max(12, span));
  const first = last - (count - 1) * step;
  const buckets = new Array<number>(count).fill(0);
  for (const time of times) buckets[Math.max(0, Math.floor((time - first) / step))]++;
  const max = Math.max(...buckets);
  const width = 600;
  const height = 140;
  const bar = width / count;
  const label = (index: number) =>
    formatDate(
      first + index * step,
      hourly ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' },
    );
  return (
    <figure className="issuance-chart">
      <svg
        viewBox={`0 0 ${width} ${height + 20}`}
        role="img"
        aria-labelledby="chart-title chart-desc"
      >
        <title id="chart-title">{t('dashboard.chartTitle')}</title>
        <desc id="chart-desc">{buckets.map((n, i) => `${label(i)}: ${n}`).join(', ')}</desc>
        <line x1="0" y1={height} x2={width} y2={height} className="chart-axis" />
        {buckets.map((n, i) => {
          const h = max === 0 ? 0 : (n / max) * (height - 16);
          return (
            <g key={i}>
              <rect
                x={i * bar + 2}
                y={height - h}
                width={Math.max(1, bar - 4)}
                height={h}
                className="chart-bar"
              />
              {n > 0 ? (
                <text
                  x={i * bar + bar / 2}
                  y={height - h - 3}
                  textAnchor="middle"
                  className="chart-value"
                >
                  {n}
                </text>
              ) : null}
            </g>
          );
        })}
        <text x="0" y={height + 15} className="chart-label">
          {label(0)}
        </text>
        <text x={width} y={height + 15} textAnchor="end" className="chart-label">
          {label(count - 1)}
        </text>
      </svg>
      <figcaption className="small text-muted">
        {t(hourly ? 'dashboard.perHour' : 'dashboard.perDay')}
      </figcaption>
    </figure>
  );
}
