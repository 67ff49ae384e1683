import type { StoredEntry } from '../knowledge/knowledge.repository';

/** An announcement is shown while active and when the question mentions one of its keywords. */
export function matchingAnnouncements(announcements: StoredEntry[], question: string, now: Date): StoredEntry[] {
  const text = question.normalize('NFKC').toLowerCase();
  return announcements.filter((entry) => {
    const { activeFrom, activeUntil, keywords } = entry.meta as { activeFrom?: string | null; activeUntil?: string | null; keywords?: string[] };
    if (activeFrom && new Date(activeFrom) > now) return false;
    if (activeUntil && new Date(activeUntil) < now) return false;
    return (keywords ?? []).some((keyword) => keyword.trim() && text.includes(keyword.normalize('NFKC').toLowerCase()));
  });
}
