import type { Lang } from '../../realtime/socket-events';
import { parseHexColor, readableOn } from '../shared/contrast';
import { resolveLang } from './i18n';
import { THEME } from './styles';

/** What the shop put on the script tag (`data-*`), read once. */
export interface WidgetOptions {
  /** where kefu runs: the origin widget.js was loaded from */
  origin: string;
  title?: string;
  accent: string;
  onAccent: string;
  lang: Lang;
  position: 'left' | 'right';
  userId?: string;
  userHash?: string;
}

export function readOptions(script: HTMLScriptElement | null, browserLanguages: readonly string[]): WidgetOptions {
  const data = script?.dataset ?? {};
  const origin = script?.src ? new URL(script.src, location.href).origin : location.origin;
  const accent = parseHexColor(data.color) ? normalizeHex(data.color!) : THEME.accent;
  return {
    origin,
    title: data.title?.slice(0, 80) || undefined,
    accent,
    onAccent: readableOn(accent),
    lang: resolveLang(data.lang, browserLanguages),
    position: data.position === 'left' ? 'left' : 'right',
    userId: data.userId?.slice(0, 200) || undefined,
    userHash: data.userHash?.slice(0, 200) || undefined,
  };
}

function normalizeHex(value: string): string {
  const trimmed = value.trim();
  return trimmed.startsWith('#') ? trimmed : `#${trimmed}`;
}
