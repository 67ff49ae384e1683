import type { WireAttachment } from '../../realtime/socket-events';

export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

export interface WidgetConfig {
  greeting: string;
  botName: string;
  uploadMaxBytes: number;
}

/** The greeting, the bot's name and the photo size limit, from kefu (GET /api/v1/widget/config). */
export async function fetchWidgetConfig(origin: string, lang: string): Promise<WidgetConfig | undefined> {
  try {
    const response = await fetch(`${origin}/api/v1/widget/config?lang=${encodeURIComponent(lang)}`);
    return response.ok ? ((await response.json()) as WidgetConfig) : undefined;
  } catch {
    return undefined;
  }
}

/** Uploads one photo to the conversation (multipart); the error message is the server's when it refuses. */
export async function uploadPhoto(origin: string, conversationId: string, token: string, file: File): Promise<{ attachment?: WireAttachment; error?: string }> {
  const body = new FormData();
  body.append('file', file, file.name);
  try {
    const response = await fetch(`${origin}/api/v1/conversations/${conversationId}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
    const json = (await response.json().catch(() => ({}))) as { attachment?: WireAttachment; error?: { message?: string } };
    if (!response.ok) return { error: json.error?.message ?? `HTTP ${response.status}` };
    return { attachment: json.attachment };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const objectUrls = new Map<string, Promise<string | undefined>>();

/** Photos are served only with the conversation's token, so they are fetched and shown from a blob URL. */
export function photoUrl(origin: string, attachment: WireAttachment, token: string): Promise<string | undefined> {
  let url = objectUrls.get(attachment.id);
  if (!url) {
    url = fetch(new URL(attachment.url, origin).toString(), { headers: { authorization: `Bearer ${token}` } })
      .then(async (response) => (response.ok ? URL.createObjectURL(await response.blob()) : undefined))
      .catch(() => undefined);
    objectUrls.set(attachment.id, url);
  }
  return url;
}
