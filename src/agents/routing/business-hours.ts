import type { BotSettings, Weekday } from '../../knowledge/knowledge.types';

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** One formatter per time zone: building one costs far more than using it, and this runs on every escalation. */
const clocks = new Map<string | undefined, Intl.DateTimeFormat>();

function clockIn(timeZone: string | undefined): Intl.DateTimeFormat {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clocks.set(timeZone, clock);
  }
  return clock;
}

/**
 * Whether `now` falls in kefu.yaml's business hours (in their time zone): a holiday is closed, a make-up workday has
 * its own hours, any other day its weekday's. No business hours configured = always open.
 */
export function isWithinBusinessHours(hours: BotSettings['businessHours'], now: Date): boolean {
  if (!hours || Object.keys(hours.weekly).length === 0) return true;
  const parts = Object.fromEntries(
    clockIn(hours.timezone)
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if (hours.holidays.includes(date)) return false;
  const weekday = WEEKDAYS[['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday)];
  const minute = Number(parts.hour) * 60 + Number(parts.minute);
  return (hours.workdays?.[date] ?? hours.weekly[weekday] ?? []).some((range) => {
    const [start, end] = range.split('-').map((time) => {
      const [h, m] = time.split(':').map(Number);
      return h * 60 + m;
    });
    return minute >= start && minute < end;
  });
}

/** The next time business hours begin after `now`, in their time zone: days from today there (0 = today) and "HH:MM". */
export interface Opening {
  inDays: number;
  date: string;
  time: string;
}

export function nextOpening(hours: BotSettings['businessHours'], now: Date, lookAheadDays = 14): Opening | undefined {
  if (!hours || Object.keys(hours.weekly).length === 0) return undefined;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: hours.timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  const minuteNow = Number(parts.hour) * 60 + Number(parts.minute);
  for (let inDays = 0; inDays <= lookAheadDays; inDays++) {
    const day = new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day) + inDays));
    const date = day.toISOString().slice(0, 10);
    if (hours.holidays.includes(date)) continue;
    const starts = (hours.weekly[WEEKDAYS[day.getUTCDay()]] ?? [])
      .map((range) => range.split('-')[0].trim())
      .filter((start) => inDays > 0 || toMinutes(start) > minuteNow)
      .sort((a, b) => toMinutes(a) - toMinutes(b));
    if (starts.length) return { inDays, date, time: starts[0].padStart(5, '0') };
  }
  return undefined;
}

function toMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}
