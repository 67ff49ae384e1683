import type { MessageView, WireAttachment } from '../../realtime/socket-events';
import { clear, h } from '../shared/dom';
import type { Api } from './api';
import type { Strings } from './i18n';

export interface ConversationDetail {
  conversationId: string;
  state: string;
  language: string | null;
  csat: number | null;
  transcript: MessageView[];
  notes: Array<{ id: string; text: string; agentName: string; createdAt: string }>;
  events: Array<{ from: string | null; to: string; reason: string | null; actor: string | null; at: string }>;
}

/** A photo in a transcript; images need the Bearer header, so they are shown from a blob URL. */
export function thumbnail(api: Api, attachment: WireAttachment, alt: string): HTMLElement {
  const image = h('img', { className: 'thumb', alt, width: 96, height: 96 });
  const link = h('a', { href: '#', className: 'thumb-link', target: '_blank', rel: 'noopener' }, image);
  void api.blobUrl(attachment.url).then((url) => {
    image.src = url;
    link.href = url;
  });
  return link;
}

/** The turns of a conversation with internal notes inline, oldest first; every string goes in as text. */
export function transcriptItems(api: Api, t: Strings, messages: MessageView[], notes: ConversationDetail['notes']): HTMLElement[] {
  const items: Array<{ at: string; node: HTMLElement }> = messages.map((message) => ({
    at: message.createdAt,
    node: h(
      'li',
      { className: `turn ${message.role}` },
      h('span', { className: 'who' }, message.role === 'agent' && message.agentName ? `${t.roles.agent} ${message.agentName}` : (t.roles[message.role] ?? message.role)),
      h('p', { className: 'text' }, message.text),
      ...(message.attachments ?? []).map((attachment) => thumbnail(api, attachment, message.role === 'customer' ? t.attachment : t.photo)),
    ),
  }));
  for (const note of notes) items.push({ at: note.createdAt, node: h('li', { className: 'turn note' }, h('span', { className: 'who' }, `${t.note} · ${note.agentName}`), h('p', { className: 'text' }, note.text)) });
  return items.sort((a, b) => a.at.localeCompare(b.at)).map((item) => item.node);
}

/**
 * Opens any conversation read-only in a modal dialog (earlier chats of a customer, a supervisor's search): the
 * transcript with notes, how it went (state changes with their reasons) and the rating; nothing to reply with.
 */
export async function openTranscript(api: Api, t: Strings, conversationId: string): Promise<void> {
  const body = h('div', { className: 'transcript-body' }, h('p', {}, '…'));
  const dialog = h('dialog', { className: 'transcript-dialog', 'aria-labelledby': 'transcript-dialog-title' }, h('h2', { id: 'transcript-dialog-title' }, t.readOnlyTranscript), body, h('button', { type: 'button', onclick: () => dialog.close() }, t.closeDialog));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  let detail: ConversationDetail;
  try {
    detail = await api.get<ConversationDetail>(`/api/v1/agent/conversations/${conversationId}`);
  } catch (error) {
    clear(body);
    body.append(h('p', { className: 'form-error', role: 'alert' }, (error as Error).message));
    return;
  }
  clear(body);
  const when = (iso: string) => new Date(iso).toLocaleString();
  body.append(
    h('p', { className: 'hint' }, `${t.state}: ${detail.state}`, detail.csat ? ` · CSAT ${detail.csat}/5` : '', ` · ${conversationId}`),
    h('ol', { className: 'transcript', 'aria-label': t.transcript }, ...transcriptItems(api, t, detail.transcript, detail.notes)),
    h('h3', {}, t.history),
    h('ul', { className: 'events' }, ...detail.events.map((event) => h('li', {}, `${when(event.at)} · ${event.from ?? '—'} → ${event.to}`, event.reason ? ` (${t.reasons[event.reason] ?? t.chatClosedBy[event.reason] ?? event.reason})` : ''))),
  );
}
