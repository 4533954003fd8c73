import type { StatusTone } from '@/lib/billing/display';

const TONES: Record<StatusTone, string> = {
  positive: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20',
  info: 'bg-sky-50 text-sky-800 ring-sky-600/20',
  warning: 'bg-amber-50 text-amber-900 ring-amber-600/30',
  neutral: 'bg-zinc-100 text-zinc-700 ring-zinc-500/20',
};

export function StatusBadge({ label, tone }: { label: string; tone: StatusTone }) {
  return (
    <span data-testid="status-badge" className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-sm font-medium ring-1 ring-inset ${TONES[tone]}`}>
      {label}
    </span>
  );
}
