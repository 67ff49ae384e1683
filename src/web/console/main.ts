import { io, Socket } from 'socket.io-client';
import type { AgentClientEvents, AgentServerEvents, AssignedPayload, Lang, MessageView, QueueItem, WireAttachment } from '../../realtime/socket-events';
import { clear, h } from '../shared/dom';
import { Api, ApiError } from './api';
import { initialLang, STRINGS, Strings } from './i18n';
import { renderGaps } from './insights';
import { renderKnowledge } from './knowledge';
import { renderAnalytics } from './analytics';
import { openTranscript, thumbnail, transcriptItems } from './transcript';

interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
}
type Role = 'agent' | 'admin' | 'content' | 'supervisor';
type Tab = 'chats' | 'tickets' | 'knowledge' | 'gaps' | 'analytics' | 'agents';
/** The console pages each role sees, the first one on sign-in. */
const TABS: Record<Role, Tab[]> = {
  agent: ['chats', 'tickets'],
  admin: ['chats', 'tickets', 'knowledge', 'gaps', 'analytics', 'agents'],
  content: ['knowledge', 'gaps'],
  supervisor: ['analytics', 'gaps'],
};
interface NoteView {
  id: string;
  text: string;
  agentName: string;
  createdAt: string;
}
interface Summary {
  issue?: string;
  reason?: string;
  mood?: string;
  language?: string;
  facts?: Record<string, string[]>;
  botAnswers?: Array<{ text: string; sources?: Array<{ id: string; title?: string }> }>;
  text?: string;
}
interface Chat {
  id: string;
  summary: Summary | null;
  transcript: MessageView[];
  notes: NoteView[];
  language: Lang | null;
  since?: string;
  state: string;
  closedReason?: string;
  unread: number;
  typingUntil: number;
  /** a customer the shop identified through the widget: their id and earlier chats */
  customer?: { id: string | null; earlierConversations: Array<{ conversationId: string; state: string; createdAt: string; resolution: string | null }> };
}
interface Suggestion {
  id: string;
  title: string;
  text: string;
}
interface DeskInfo {
  queueSlaSeconds: number;
  skillGroups: Array<{ id: string; name: Partial<Record<Lang, string>> }>;
  colleagues: Array<{ id: string; name: string; presence: string; chats: number; maxChats: number }>;
}
type AgentSocket = Socket<AgentServerEvents>;
type AckResult = { ok?: true; error?: { code: string; message: string } };
type ClientPayload<E extends keyof AgentClientEvents> = Parameters<AgentClientEvents[E]>[0];

/** socket.io-client's typings cannot spread a generic event's parameters; AgentClientEvents types both ends here. */
interface LooseSocket {
  emit(event: string, payload: unknown): void;
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
}

function send<E extends keyof AgentClientEvents>(event: E, payload: ClientPayload<E>): void {
  (socket as unknown as LooseSocket | null)?.emit(event, payload);
}

/** The ack, or undefined when the server did not answer within 10 s. */
async function request<E extends keyof AgentClientEvents>(event: E, payload: ClientPayload<E>): Promise<AckResult | undefined> {
  const loose = socket as unknown as LooseSocket | null;
  return (await loose?.timeout(10_000).emitWithAck(event, payload).catch(() => undefined)) as AckResult | undefined;
}

const DRAFTS_KEY = 'kefu.console.drafts';
const app = document.getElementById('app')!;
let lang: Lang = initialLang();
let t: Strings = STRINGS[lang];
const api = new Api(() => expire());
let me: Me | null = null;
let socket: AgentSocket | null = null;
let queue: QueueItem[] = [];
let desk: DeskInfo = { queueSlaSeconds: 120, skillGroups: [], colleagues: [] };
const chats = new Map<string, Chat>();
let current: string | null = null;
let tab: Tab = 'chats';
let presence = 'online';
const drafts: Record<string, string> = JSON.parse(sessionStorage.getItem(DRAFTS_KEY) ?? '{}');
const elements: Partial<Record<'queue' | 'mine' | 'pane' | 'status' | 'main', HTMLElement>> = {};

function saveDraft(conversationId: string, text: string): void {
  if (text) drafts[conversationId] = text;
  else delete drafts[conversationId];
  sessionStorage.setItem(DRAFTS_KEY, JSON.stringify(drafts));
}

function setLang(next: Lang): void {
  lang = next;
  t = STRINGS[lang];
  localStorage.setItem('kefu.console.lang', lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  if (me) renderDesk();
  else renderSignIn();
}

function say(message: string, kind: 'info' | 'error' = 'info'): void {
  const status = elements.status;
  if (!status) return;
  status.className = `status ${kind}`;
  status.textContent = message;
}

function errorText(error: unknown): string {
  return error instanceof ApiError || error instanceof Error ? error.message : t.error;
}

// ---- sign in -------------------------------------------------------------------------------------------------------

function renderSignIn(notice?: string): void {
  clear(app);
  document.title = t.title;
  const error = h('p', { className: 'form-error', role: 'alert' });
  const email = h('input', { id: 'signin-email', type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'signin-password', type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const form = h(
    'form',
    { className: 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, t.title),
    notice ? h('p', { className: 'notice', role: 'status' }, notice) : null,
    h('label', { for: 'signin-email' }, t.email),
    email,
    h('label', { for: 'signin-password' }, t.password),
    password,
    h('button', { type: 'submit' }, t.signIn),
    error,
    langSwitch(),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const result = await api.post<{ token: string; agent: Me }>('/api/v1/auth/login', { email: email.value, password: password.value });
      api.setToken(result.token);
      me = result.agent;
      await startDesk();
    } catch (caught) {
      error.textContent = `${t.signInFailed}: ${errorText(caught)}`;
    }
  });
  app.append(form);
  email.focus();
}

function langSwitch(): HTMLElement {
  const select = h('select', { id: 'ui-lang', 'aria-label': t.language }, h('option', { value: 'zh' }, '中文'), h('option', { value: 'en' }, 'English'));
  select.value = lang;
  select.addEventListener('change', () => setLang(select.value as Lang));
  return select;
}

/** The token ran out: back to the sign-in form; drafts stay in sessionStorage and come back after signing in. */
function expire(): void {
  if (!me) return;
  me = null;
  socket?.disconnect();
  socket = null;
  api.setToken(null);
  renderSignIn(t.expired);
}

function signOut(): void {
  send('presence', { status: 'offline' });
  socket?.disconnect();
  socket = null;
  me = null;
  api.setToken(null);
  chats.clear();
  current = null;
  renderSignIn();
}

// ---- the desk ------------------------------------------------------------------------------------------------------

async function startDesk(): Promise<void> {
  if (!me) me = await api.get<Me>('/api/v1/auth/me');
  const tabs = TABS[me.role] ?? TABS.agent;
  if (!tabs.includes(tab)) tab = tabs[0];
  // only the roles that take chats have a desk and the /agent socket
  if (!takesChats()) return renderDesk();
  desk = await api.get<DeskInfo>('/api/v1/agent/desk');
  renderDesk();
  connect();
}

function takesChats(): boolean {
  return me?.role === 'agent' || me?.role === 'admin';
}

function connect(): void {
  socket = io('/agent', { auth: { token: api.token }, transports: ['websocket'] }) as AgentSocket;
  socket.on('error', (error) => {
    if (error.code === 'UNAUTHORIZED') expire();
    else say(error.message, 'error');
  });
  socket.on('queue', (payload) => {
    queue = payload.items;
    renderQueue();
  });
  socket.on('conversation:assigned', (payload) => void onAssigned(payload));
  socket.on('conversation:updated', (payload) => {
    const chat = chats.get(payload.conversationId);
    if (!chat) return;
    if (payload.state === 'closed' || payload.state === 'waiting' || payload.state === 'transferred' || (payload.state === 'assigned' && payload.agentId !== me?.id)) {
      chat.state = payload.state === 'closed' ? 'closed' : 'gone';
      chat.closedReason = payload.reason;
      renderMine();
      if (current === chat.id) renderChat();
    }
  });
  socket.on('message', (message) => {
    const chat = message.conversationId ? chats.get(message.conversationId) : undefined;
    if (!chat || chat.transcript.some((known) => known.id === message.id)) return;
    chat.transcript.push(message);
    if (message.role === 'customer') {
      chat.typingUntil = 0;
      if (current !== chat.id || document.hidden) {
        chat.unread++;
        notify(t.newMessage, message.text);
      }
      if (current === chat.id) void loadSuggestions(chat.id);
    }
    renderMine();
    if (current === chat.id) renderTranscript();
  });
  socket.on('typing', (payload) => {
    const chat = chats.get(payload.conversationId);
    if (!chat) return;
    chat.typingUntil = Date.now() + 4000;
    if (current === chat.id) renderTyping();
  });
  socket.on('connect', () => {
    if (presence !== 'online') send('presence', { status: presence as 'away' | 'offline' });
  });
}

async function onAssigned(payload: AssignedPayload): Promise<void> {
  const known = chats.get(payload.conversationId);
  const chat: Chat = { id: payload.conversationId, summary: payload.summary as Summary | null, transcript: payload.transcript, notes: known?.notes ?? [], language: payload.customer.language, since: payload.customer.since, state: 'assigned', unread: known?.unread ?? 0, typingUntil: 0 };
  chats.set(chat.id, chat);
  if (!known || known.state !== 'assigned') notify(t.newChat, chat.summary?.issue ?? '');
  try {
    const detail = await api.get<{ transcript: MessageView[]; notes: NoteView[]; language: Lang | null; customer?: Chat['customer'] }>(`/api/v1/agent/conversations/${chat.id}`);
    chat.transcript = detail.transcript;
    chat.notes = detail.notes;
    chat.customer = detail.customer;
  } catch {
    // the socket's transcript is enough to start with
  }
  if (!current || chats.get(current)?.state !== 'assigned') current = chat.id;
  renderMine();
  if (current === chat.id) renderChat();
}

function renderDesk(): void {
  clear(app);
  const tabs = (TABS[me?.role ?? 'agent'] ?? TABS.agent).map((name) =>
    h('button', { type: 'button', role: 'tab', 'aria-selected': String(tab === name), onclick: () => ((tab = name), renderDesk()) }, t[name]),
  );
  const presenceSelect = h('select', { id: 'presence', 'aria-label': t.presence }, ...(['online', 'away', 'offline'] as const).map((status) => h('option', { value: status }, t[status])));
  presenceSelect.value = presence;
  presenceSelect.className = `presence ${presence}`;
  presenceSelect.addEventListener('change', () => {
    presence = presenceSelect.value;
    presenceSelect.className = `presence ${presence}`;
    send('presence', { status: presence as 'online' | 'away' | 'offline' });
  });
  const notifyButton = h('button', { type: 'button', onclick: () => void askNotifications(notifyButton) }, 'Notification' in window && Notification.permission === 'granted' ? t.notificationsOn : t.enableNotifications);
  elements.status = h('p', { className: 'status', role: 'status', 'aria-live': 'polite' });
  elements.main = h('main', { id: 'main' });
  app.append(
    h(
      'header',
      { className: 'topbar' },
      h('h1', {}, t.title),
      h('nav', { role: 'tablist', 'aria-label': t.title }, ...tabs),
      takesChats() ? h('label', { for: 'presence', className: 'visually-hidden' }, t.presence) : null,
      takesChats() ? presenceSelect : null,
      takesChats() ? notifyButton : null,
      langSwitch(),
      h('span', { className: 'me' }, me?.name ?? ''),
      h('button', { type: 'button', onclick: signOut }, t.signOut),
    ),
    elements.status,
    elements.main,
  );
  const page = { api, t, say };
  if (tab === 'chats') renderChatsTab();
  else if (tab === 'tickets') void renderTickets('todo');
  else if (tab === 'gaps') void renderGaps(elements.main, page);
  else if (tab === 'knowledge') void renderKnowledge(elements.main, page);
  else if (tab === 'analytics') void renderAnalytics(elements.main, page);
  else void renderAgents();
  updateTitle();
}

function renderChatsTab(): void {
  const main = elements.main!;
  elements.queue = h('section', { className: 'queue', 'aria-labelledby': 'queue-title' });
  elements.mine = h('nav', { className: 'mine', 'aria-labelledby': 'mine-title' });
  elements.pane = h('section', { className: 'pane', 'aria-label': t.chats });
  main.append(h('aside', { className: 'side' }, h('h2', { id: 'queue-title' }, t.queue), elements.queue, h('h2', { id: 'mine-title' }, t.myChats), elements.mine), elements.pane);
  renderQueue();
  renderMine();
  renderChat();
}

// ---- queue ---------------------------------------------------------------------------------------------------------

function waitedSeconds(item: QueueItem): number {
  return item.waitingSince ? Math.max(0, Math.floor((Date.now() - Date.parse(item.waitingSince)) / 1000)) : 0;
}

function renderQueue(): void {
  const list = elements.queue;
  if (!list || tab !== 'chats') return;
  clear(list);
  if (queue.length === 0) {
    list.append(h('p', { className: 'empty' }, t.queueEmpty));
    return;
  }
  const ul = h('ul', { 'aria-label': t.queue });
  for (const item of queue) {
    const reason = item.reason ?? '';
    const overSla = waitedSeconds(item) > desk.queueSlaSeconds;
    const wait = h('span', { className: 'wait', 'data-since': item.waitingSince ?? '' }, `${t.waiting} ${t.ago(waitedSeconds(item))}`);
    ul.append(
      h(
        'li',
        { className: `queue-item${overSla ? ' over-sla' : ''}${reason === 'complaint' ? ' complaint' : ''}`, 'data-conversation': item.conversationId },
        h('span', { className: `reason ${reason}` }, t.reasons[reason] ?? reason),
        item.priority > 0 ? h('span', { className: 'priority', title: t.priority }, `P${item.priority}`) : null,
        h('span', { className: 'lang' }, item.language ?? '?'),
        wait,
        overSla ? h('span', { className: 'sla-flag' }, t.overSla) : null,
        h('p', { className: 'preview' }, item.preview),
        h('button', { type: 'button', onclick: () => void claim(item) }, t.claim),
      ),
    );
  }
  list.append(ul);
}

function tickQueue(): void {
  for (const item of queue) {
    const row = elements.queue?.querySelector<HTMLElement>(`li[data-conversation="${item.conversationId}"]`);
    if (!row) continue;
    row.querySelector('.wait')!.textContent = `${t.waiting} ${t.ago(waitedSeconds(item))}`;
    const overSla = waitedSeconds(item) > desk.queueSlaSeconds;
    if (overSla && !row.classList.contains('over-sla')) renderQueue();
  }
}

async function claim(item: QueueItem): Promise<void> {
  const result = await request('claim', { conversationId: item.conversationId });
  if (!result?.ok) {
    queue = queue.filter((queued) => queued.conversationId !== item.conversationId);
    renderQueue();
    say(`${t.claimLost} ${result?.error?.message ?? ''}`.trim(), 'error');
    return;
  }
  // conversation:assigned may have come before the ack: then the chat is known and can be opened now
  current = item.conversationId;
  if (chats.has(item.conversationId)) openChat(item.conversationId);
}

// ---- my chats ------------------------------------------------------------------------------------------------------

function renderMine(): void {
  updateTitle();
  const nav = elements.mine;
  if (!nav || tab !== 'chats') return;
  clear(nav);
  const mine = [...chats.values()];
  if (mine.length === 0) {
    nav.append(h('p', { className: 'empty' }, t.noChats));
    return;
  }
  const ul = h('ul', {});
  for (const chat of mine) {
    const label = chat.summary?.issue || chat.transcript.find((message) => message.role === 'customer')?.text || chat.id.slice(0, 8);
    ul.append(
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', className: `chat-link ${chat.state}`, 'aria-current': current === chat.id ? 'true' : undefined, onclick: () => openChat(chat.id) },
          h('span', { className: 'chat-label' }, label.slice(0, 60)),
          chat.unread > 0 ? h('span', { className: 'unread', 'aria-label': t.unread(chat.unread) }, String(chat.unread)) : null,
        ),
      ),
    );
  }
  nav.append(ul);
}

function openChat(conversationId: string): void {
  current = conversationId;
  const chat = chats.get(conversationId);
  if (chat) chat.unread = 0;
  renderMine();
  renderChat();
}

function updateTitle(): void {
  const unread = [...chats.values()].reduce((sum, chat) => sum + chat.unread, 0);
  document.title = unread > 0 ? `(${unread}) ${t.title}` : t.title;
}

// ---- one chat ------------------------------------------------------------------------------------------------------

const chatParts: Partial<Record<'transcript' | 'typing' | 'suggestions' | 'reply' | 'canned', HTMLElement>> = {};

function renderChat(): void {
  const pane = elements.pane;
  if (!pane || tab !== 'chats') return;
  clear(pane);
  const chat = current ? chats.get(current) : undefined;
  if (!chat) return;
  chat.unread = 0;
  updateTitle();
  const open = chat.state === 'assigned';
  pane.append(
    h('h2', {}, chat.summary?.issue || t.customer),
    h('p', { className: 'customer-details' }, `${t.customer}: ${chat.language ?? '?'}`, chat.since ? ` · ${t.customerSince} ${new Date(chat.since).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en')}` : ''),
    renderSummary(chat.summary),
  );
  const earlier = earlierChats(chat);
  if (earlier) pane.insertBefore(earlier, pane.lastChild);
  chatParts.transcript = h('ol', { className: 'transcript', 'aria-label': t.transcript });
  chatParts.typing = h('p', { className: 'typing', 'aria-live': 'polite' });
  pane.append(chatParts.transcript, chatParts.typing);
  renderTranscript();
  if (!open) {
    pane.append(h('p', { className: 'closed', role: 'status' }, chat.closedReason ? `${t.closed} (${t.chatClosedBy[chat.closedReason] ?? chat.closedReason})` : t.closed));
    pane.append(faqForm(chat));
    return;
  }
  chatParts.suggestions = h('section', { className: 'suggestions', 'aria-labelledby': 'suggestions-title' }, h('h3', { id: 'suggestions-title' }, t.suggestions));
  pane.append(composer(chat), chatParts.suggestions, actions(chat));
  void loadSuggestions(chat.id);
}

function earlierChats(chat: Chat): HTMLElement | null {
  const earlier = chat.customer?.earlierConversations ?? [];
  if (!chat.customer?.id) return null;
  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en');
  return h(
    'details',
    { className: 'earlier', role: 'group', 'aria-label': `${t.earlierChats} (${earlier.length})` },
    h('summary', {}, `${t.earlierChats} (${earlier.length})`),
    h(
      'ul',
      {},
      ...earlier.map((other) =>
        h('li', {}, h('button', { type: 'button', className: 'link', onclick: () => void openTranscript(api, t, other.conversationId) }, `${when(other.createdAt)} · ${other.state}`), other.resolution ? ` · ${other.resolution}` : ''),
      ),
    ),
  );
}

function renderSummary(summary: Summary | null): HTMLElement {
  const section = h('section', { className: 'summary', 'aria-labelledby': 'summary-title' }, h('h3', { id: 'summary-title' }, t.summary));
  if (!summary) return section;
  const dl = h('dl', {});
  const row = (term: string, value: string | undefined) => value && dl.append(h('dt', {}, term), h('dd', {}, value));
  row(t.issue, summary.issue);
  row(t.reason, summary.reason ? (t.reasons[summary.reason] ?? summary.reason) : undefined);
  row(t.mood, summary.mood);
  const factNames: Record<string, string> = { orderNumbers: t.orderNumbers, products: t.products, amounts: t.amounts, dates: t.dates, contacts: t.contacts };
  for (const [key, values] of Object.entries(summary.facts ?? {})) if (values?.length) row(factNames[key] ?? key, values.join(', '));
  section.append(dl);
  if (summary.botAnswers?.length) {
    section.append(
      h('h4', {}, t.botAnswered),
      h('ul', { className: 'bot-answers' }, ...summary.botAnswers.map((answer) => h('li', {}, answer.text.length > 240 ? `${answer.text.slice(0, 240)}…` : answer.text, answer.sources?.length ? h('span', { className: 'sources' }, ` (${t.sources}: ${answer.sources.map((source) => source.title ?? source.id).join(', ')})`) : null))),
    );
  }
  return section;
}

function renderTranscript(): void {
  const list = chatParts.transcript;
  const chat = current ? chats.get(current) : undefined;
  if (!list || !chat) return;
  clear(list);
  list.append(...transcriptItems(api, t, chat.transcript, chat.notes));
  list.scrollTop = list.scrollHeight;
  renderTyping();
}

function renderTyping(): void {
  const chat = current ? chats.get(current) : undefined;
  if (!chatParts.typing || !chat) return;
  chatParts.typing.textContent = chat.typingUntil > Date.now() ? t.customerTyping : '';
}

function composer(chat: Chat): HTMLElement {
  const reply = h('textarea', { id: 'reply', rows: 3, 'aria-describedby': 'reply-hint', 'aria-autocomplete': 'list', 'aria-controls': 'canned' });
  reply.value = drafts[chat.id] ?? '';
  const canned = h('ul', { id: 'canned', role: 'listbox', className: 'canned', 'aria-label': t.cannedReplies, hidden: true });
  chatParts.reply = reply;
  chatParts.canned = canned;
  let options: Suggestion[] = [];
  let active = 0;
  const closeCanned = () => {
    canned.hidden = true;
    options = [];
    reply.removeAttribute('aria-activedescendant');
  };
  const choose = (option: Suggestion) => {
    reply.value = option.text;
    saveDraft(chat.id, reply.value);
    closeCanned();
    reply.focus();
  };
  const showCanned = async (query: string) => {
    const { items } = await api.get<{ items: Suggestion[] }>(`/api/v1/agent/replies?lang=${chat.language ?? lang}${query ? `&q=${encodeURIComponent(query)}` : ''}`);
    if (!reply.value.startsWith('/')) return;
    options = items;
    active = 0;
    clear(canned);
    if (items.length === 0) canned.append(h('li', { role: 'option', 'aria-disabled': 'true' }, t.noCanned));
    items.forEach((item, index) =>
      canned.append(h('li', { role: 'option', id: `canned-${index}`, 'aria-selected': String(index === active), onmousedown: (event: Event) => (event.preventDefault(), choose(item)) }, h('strong', {}, item.title), ' ', item.text)),
    );
    if (items.length) reply.setAttribute('aria-activedescendant', 'canned-0');
    canned.hidden = false;
  };
  // photos uploaded for the next reply; they go out with it (a reply may be photos only)
  let photos: WireAttachment[] = [];
  const photoList = h('ul', { className: 'pending-photos', 'aria-label': t.attachPhoto });
  const renderPhotos = () => {
    clear(photoList);
    for (const photo of photos) {
      photoList.append(h('li', {}, thumbnail(api, photo, t.photo), h('button', { type: 'button', 'aria-label': t.removePhoto, onclick: () => ((photos = photos.filter((other) => other.id !== photo.id)), renderPhotos()) }, '×')));
    }
  };
  const fileInput = h('input', { id: 'reply-photo', type: 'file', accept: 'image/jpeg,image/png,image/webp', hidden: true, 'aria-label': t.attachPhoto });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    say(t.photoUploading);
    try {
      const { attachment } = await api.upload<{ attachment: WireAttachment }>(`/api/v1/agent/conversations/${chat.id}/attachments`, file);
      photos.push(attachment);
      renderPhotos();
      say('');
    } catch (error) {
      say(errorText(error), 'error');
    }
  });
  const sendReply = async () => {
    const text = reply.value.trim();
    if (!text && photos.length === 0) return;
    const attachmentIds = photos.map((photo) => photo.id);
    const result = await request('reply', { conversationId: chat.id, clientMessageId: `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`, text, ...(attachmentIds.length ? { attachmentIds } : {}) });
    if (!result || result.error) {
      say(result?.error?.message ?? t.error, 'error');
      return;
    }
    reply.value = '';
    photos = [];
    renderPhotos();
    saveDraft(chat.id, '');
  };
  reply.addEventListener('input', () => {
    saveDraft(chat.id, reply.value);
    if (reply.value.startsWith('/')) void showCanned(reply.value.slice(1).trim());
    else closeCanned();
    send('typing', { conversationId: chat.id });
  });
  reply.addEventListener('keydown', (event) => {
    if (!canned.hidden && options.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        active = (active + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
        canned.querySelectorAll('[role=option]').forEach((node, index) => node.setAttribute('aria-selected', String(index === active)));
        reply.setAttribute('aria-activedescendant', `canned-${active}`);
        return;
      }
      if (event.key === 'Enter') {
        event.preventDefault();
        choose(options[active]);
        return;
      }
    }
    if (event.key === 'Escape') closeCanned();
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void sendReply();
    }
  });
  return h(
    'div',
    { className: 'composer' },
    h('label', { for: 'reply' }, t.reply),
    reply,
    canned,
    h('p', { id: 'reply-hint', className: 'hint' }, t.replyHint),
    photoList,
    h('button', { type: 'button', className: 'secondary', onclick: () => fileInput.click() }, t.attachPhoto),
    fileInput,
    h('button', { type: 'button', onclick: () => void sendReply() }, t.send),
  );
}

async function loadSuggestions(conversationId: string): Promise<void> {
  const { items } = await api.get<{ items: Suggestion[] }>(`/api/v1/agent/conversations/${conversationId}/suggestions`).catch(() => ({ items: [] as Suggestion[] }));
  const section = chatParts.suggestions;
  if (!section || current !== conversationId) return;
  while (section.childNodes.length > 1) section.removeChild(section.lastChild!);
  if (items.length === 0) section.append(h('p', { className: 'empty' }, t.noSuggestions));
  section.append(
    h(
      'ul',
      {},
      ...items.slice(0, 3).map((item) =>
        h(
          'li',
          {},
          h('strong', {}, item.title),
          h('p', {}, item.text.slice(0, 300)),
          h('button', { type: 'button', 'aria-label': `${t.insert}: ${item.title}`, onclick: () => insert(conversationId, item.text) }, t.insert),
        ),
      ),
    ),
  );
}

function insert(conversationId: string, text: string): void {
  const reply = chatParts.reply as HTMLTextAreaElement | undefined;
  if (!reply) return;
  reply.value = reply.value.trim() ? `${reply.value.trim()}\n${text}` : text;
  saveDraft(conversationId, reply.value);
  reply.focus();
  reply.setSelectionRange(reply.value.length, reply.value.length);
}

function actions(chat: Chat): HTMLElement {
  const note = h('textarea', { id: 'note', rows: 2, placeholder: t.notePlaceholder });
  const target = h(
    'select',
    { id: 'transfer-target' },
    h('option', { value: '' }, '—'),
    ...desk.colleagues.filter((colleague) => colleague.id !== me?.id).map((colleague) => h('option', { value: `agent:${colleague.id}` }, `${colleague.name} (${t[colleague.presence as 'online'] ?? colleague.presence})`)),
    ...desk.skillGroups.map((group) => h('option', { value: `group:${group.id}` }, `${t.group}: ${group.name[lang] ?? group.name.en ?? group.id}`)),
  );
  const transferNote = h('input', { id: 'transfer-note', type: 'text', maxlength: 2000 });
  const resolution = h('input', { id: 'resolution', type: 'text', maxlength: 500 });
  const emit = async <E extends 'note' | 'transfer' | 'close'>(event: E, payload: Omit<ClientPayload<E>, 'conversationId'>) => {
    const result = await request(event, { conversationId: chat.id, ...payload } as ClientPayload<E>);
    if (!result || result.error) {
      say(result?.error?.message ?? t.error, 'error');
      return false;
    }
    return true;
  };
  return h(
    'section',
    { className: 'actions' },
    h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const text = note.value.trim();
          if (text && (await emit('note', { text }))) {
            chat.notes.push({ id: String(Date.now()), text, agentName: me?.name ?? '', createdAt: new Date().toISOString() });
            note.value = '';
            renderTranscript();
          }
        },
      },
      h('label', { for: 'note' }, t.note),
      note,
      h('button', { type: 'submit' }, t.addNote),
    ),
    h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const [kind, id] = target.value.split(':');
          if (!id) return;
          if (await emit('transfer', { ...(kind === 'agent' ? { agentId: id } : { group: id }), ...(transferNote.value.trim() ? { note: transferNote.value.trim() } : {}) })) {
            say(t.transferred);
            chat.state = 'gone';
            renderChat();
            renderMine();
          }
        },
      },
      h('label', { for: 'transfer-target' }, t.transferTo),
      target,
      h('label', { for: 'transfer-note' }, t.transferNote),
      transferNote,
      h('button', { type: 'submit' }, t.transfer),
    ),
    h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          if (await emit('close', resolution.value.trim() ? { resolution: resolution.value.trim() } : {})) {
            chat.state = 'closed';
            chat.closedReason = 'closed_by_agent';
            renderChat();
            renderMine();
          }
        },
      },
      h('label', { for: 'resolution' }, t.resolution),
      resolution,
      h('button', { type: 'submit' }, t.closeChat),
    ),
    faqForm(chat),
  );
}

function faqForm(chat: Chat): HTMLElement {
  const question = h('textarea', { id: 'faq-question', rows: 2, maxlength: 500 });
  const answer = h('textarea', { id: 'faq-answer', rows: 3, maxlength: 4000 });
  const details = h('details', { className: 'faq' });
  details.addEventListener('toggle', () => {
    if (!details.open) return;
    question.value ||= chat.transcript.filter((message) => message.role === 'customer').at(-1)?.text ?? '';
    answer.value ||= chat.transcript.filter((message) => message.role === 'agent').at(-1)?.text ?? '';
  });
  const done = h('p', { role: 'status' });
  details.append(
    h('summary', {}, t.suggestFaq),
    h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          try {
            await api.post(`/api/v1/agent/conversations/${chat.id}/faq-suggestion`, { question: question.value.trim(), answer: answer.value.trim() });
            done.textContent = t.faqSuggested;
          } catch (error) {
            done.textContent = errorText(error);
          }
        },
      },
      h('label', { for: 'faq-question' }, t.faqQuestion),
      question,
      h('label', { for: 'faq-answer' }, t.faqAnswer),
      answer,
      h('button', { type: 'submit' }, t.submitSuggestion),
      done,
    ),
  );
  return details;
}

// ---- notifications -------------------------------------------------------------------------------------------------

async function askNotifications(button: HTMLButtonElement): Promise<void> {
  if (!('Notification' in window)) return;
  const permission = await Notification.requestPermission();
  button.textContent = permission === 'granted' ? t.notificationsOn : t.enableNotifications;
}

let audio: AudioContext | undefined;
function notify(title: string, body: string): void {
  updateTitle();
  try {
    audio ??= new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.08;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.15);
  } catch {
    // no sound before the agent has interacted with the page
  }
  if ('Notification' in window && Notification.permission === 'granted' && (document.hidden || !document.hasFocus())) new Notification(title, { body: body.slice(0, 140) });
}

// ---- tickets -------------------------------------------------------------------------------------------------------

interface TicketView {
  id: string;
  contact: { name: string | null; email: string | null; phone: string | null };
  text: string;
  status: string;
  createdAt: string;
  agentId: string | null;
  agentName: string | null;
  reply: string | null;
  note: string | null;
  overdue: boolean;
}

async function renderTickets(filter: 'todo' | 'done'): Promise<void> {
  const main = elements.main!;
  clear(main);
  const section = h('section', { className: 'tickets', 'aria-labelledby': 'tickets-title' }, h('h2', { id: 'tickets-title' }, t.tickets));
  const filters = h(
    'div',
    { role: 'group', 'aria-label': t.tickets },
    h('button', { type: 'button', 'aria-pressed': String(filter === 'todo'), onclick: () => void renderTickets('todo') }, t.ticketsTodo),
    h('button', { type: 'button', 'aria-pressed': String(filter === 'done'), onclick: () => void renderTickets('done') }, t.ticketsDone),
  );
  section.append(filters);
  main.append(section);
  let list: { items: TicketView[]; emailEnabled: boolean };
  try {
    list = await api.get(`/api/v1/agent/tickets?status=${filter}`);
  } catch (error) {
    say(errorText(error), 'error');
    return;
  }
  if (!list.emailEnabled) section.append(h('p', { className: 'hint' }, t.emailOff));
  if (list.items.length === 0) section.append(h('p', { className: 'empty' }, t.noTickets));
  const ul = h('ul', { className: 'ticket-list' });
  for (const ticket of list.items) ul.append(ticketCard(ticket, list.emailEnabled, () => void renderTickets(filter)));
  section.append(ul);
}

function ticketCard(ticket: TicketView, emailEnabled: boolean, refresh: () => void): HTMLElement {
  const contact = [ticket.contact.name, ticket.contact.email, ticket.contact.phone].filter(Boolean).join(' · ');
  const card = h(
    'li',
    { className: `ticket${ticket.overdue ? ' overdue' : ''}`, 'aria-label': `${t.tickets}: ${contact}` },
    h('p', { className: 'ticket-meta' }, `${t.contact}: ${contact}`, ' · ', new Date(ticket.createdAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'), ticket.overdue ? h('strong', { className: 'overdue-flag' }, ` ${t.overdue}`) : null),
    h('p', { className: 'text' }, ticket.text),
    ticket.agentName ? h('p', { className: 'ticket-meta' }, `${t.claimedBy}: ${ticket.agentName}`) : null,
    ticket.status === 'answered' ? h('p', {}, `${t.answered}: `, ticket.reply ?? '') : null,
    ticket.status === 'handled' ? h('p', {}, `${t.handled}: `, ticket.note ?? '') : null,
  );
  const act = async (path: string, body?: unknown) => {
    try {
      await api.post(`/api/v1/agent/tickets/${ticket.id}/${path}`, body);
      refresh();
    } catch (error) {
      say(errorText(error), 'error');
    }
  };
  if (ticket.status === 'open') card.append(h('button', { type: 'button', onclick: () => void act('claim') }, t.claim));
  if (ticket.status === 'open' || (ticket.status === 'claimed' && ticket.agentId === me?.id)) {
    const replyId = `ticket-reply-${ticket.id}`;
    const noteId = `ticket-note-${ticket.id}`;
    const reply = h('textarea', { id: replyId, rows: 3 });
    const note = h('input', { id: noteId, type: 'text' });
    if (emailEnabled && ticket.contact.email) {
      card.append(
        h('form', { onsubmit: (event: Event) => (event.preventDefault(), reply.value.trim() && void act('reply', { text: reply.value.trim() })) }, h('label', { for: replyId }, t.emailReply), reply, h('button', { type: 'submit' }, t.sendEmail)),
      );
    }
    card.append(h('form', { onsubmit: (event: Event) => (event.preventDefault(), note.value.trim() && void act('handled', { note: note.value.trim() })) }, h('label', { for: noteId }, t.handledNote), note, h('button', { type: 'submit' }, t.markHandled)));
  }
  return card;
}

// ---- agents (admin) ------------------------------------------------------------------------------------------------

interface AgentAccount {
  id: string;
  email: string;
  name: string;
  role: Role;
  skills: string[];
  maxChats: number;
  disabled: boolean;
  presence: string;
}

async function renderAgents(): Promise<void> {
  const main = elements.main!;
  clear(main);
  const section = h('section', { className: 'agents', 'aria-labelledby': 'agents-title' }, h('h2', { id: 'agents-title' }, t.agents));
  main.append(section);
  let agents: AgentAccount[];
  try {
    agents = (await api.get<{ agents: AgentAccount[] }>('/api/v1/agents')).agents;
  } catch (error) {
    say(errorText(error), 'error');
    return;
  }
  const table = h('table', {}, h('thead', {}, h('tr', {}, ...[t.name, t.email, t.role, t.skills, t.maxChats, t.disabled, t.presence, ''].map((title) => h('th', { scope: 'col' }, title)))));
  const body = h('tbody', {});
  for (const agent of agents) body.append(agentRow(agent));
  table.append(body);
  section.append(table, addAgentForm());
}

function roleSelect(id: string, value: string): HTMLSelectElement {
  const select = h('select', { id }, h('option', { value: 'agent' }, t.agent), h('option', { value: 'admin' }, t.admin), h('option', { value: 'content' }, t.content), h('option', { value: 'supervisor' }, t.supervisor));
  select.value = value;
  return select;
}

function agentRow(agent: AgentAccount): HTMLElement {
  const prefix = `agent-${agent.id}`;
  const role = roleSelect(`${prefix}-role`, agent.role);
  role.setAttribute('aria-label', `${t.role} ${agent.name}`);
  const skills = h('input', { type: 'text', value: agent.skills.join(', '), 'aria-label': `${t.skills} ${agent.name}` });
  const maxChats = h('input', { type: 'number', min: 1, max: 50, value: agent.maxChats, 'aria-label': `${t.maxChats} ${agent.name}` });
  const disabled = h('input', { type: 'checkbox', 'aria-label': `${t.disabled} ${agent.name}` });
  disabled.checked = agent.disabled;
  const save = async () => {
    try {
      await api.patch(`/api/v1/agents/${agent.id}`, { role: role.value, skills: splitList(skills.value), maxChats: Number(maxChats.value), disabled: disabled.checked });
      say(`${t.saved} ${agent.name}`);
    } catch (error) {
      say(errorText(error), 'error');
    }
  };
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, agent.name),
    h('td', {}, agent.email),
    h('td', {}, role),
    h('td', {}, skills),
    h('td', {}, maxChats),
    h('td', {}, disabled),
    h('td', {}, t[agent.presence as 'online'] ?? agent.presence),
    h('td', {}, h('button', { type: 'button', 'aria-label': `${t.save} ${agent.name}`, onclick: () => void save() }, t.save)),
  );
}

function addAgentForm(): HTMLElement {
  const field = (id: string, label: string, input: HTMLElement) => [h('label', { for: id }, label), input];
  const email = h('input', { id: 'new-email', type: 'email', required: true });
  const name = h('input', { id: 'new-name', type: 'text', required: true, maxlength: 100 });
  const password = h('input', { id: 'new-password', type: 'password', required: true, minlength: 8 });
  const role = roleSelect('new-role', 'agent');
  const skills = h('input', { id: 'new-skills', type: 'text' });
  const maxChats = h('input', { id: 'new-max', type: 'number', min: 1, max: 50, value: 5 });
  const error = h('p', { className: 'form-error', role: 'alert' });
  return h(
    'form',
    {
      className: 'add-agent',
      'aria-labelledby': 'add-agent-title',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        error.textContent = '';
        try {
          await api.post('/api/v1/agents', { email: email.value, name: name.value, password: password.value, role: role.value, skills: splitList(skills.value), maxChats: Number(maxChats.value) });
          await renderAgents();
          say(`${t.saved} ${name.value}`);
        } catch (caught) {
          error.textContent = errorText(caught);
        }
      },
    },
    h('h3', { id: 'add-agent-title' }, t.addAgent),
    ...field('new-email', t.email, email),
    ...field('new-name', t.name, name),
    ...field('new-password', t.password, password),
    ...field('new-role', t.role, role),
    ...field('new-skills', t.skills, skills),
    ...field('new-max', t.maxChats, maxChats),
    h('button', { type: 'submit' }, t.addAgent),
    error,
  );
}

function splitList(value: string): string[] {
  return value
    .split(/[,，\s]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

// ---- start ---------------------------------------------------------------------------------------------------------

setInterval(() => {
  tickQueue();
  renderTyping();
}, 1000);

document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
if (api.token) {
  startDesk().catch(() => renderSignIn());
} else {
  renderSignIn();
}
