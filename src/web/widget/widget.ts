import type { HistoryConversation, MessageView, SessionPayload, StatusView, WireAttachment } from '../../realtime/socket-events';
import { adoptStyles, clear, h } from '../shared/dom';
import { renderText } from '../shared/markdown';
import type { WidgetOptions } from './config';
import { Translate, translator } from './i18n';
import { ChatSession, OutboxItem } from './session';
import { CSS } from './styles';
import { ACCEPTED_TYPES, fetchWidgetConfig, photoUrl, uploadPhoto, WidgetConfig } from './uploads';

const CHAT_ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z';
const PHOTO_ICON = 'M4 5h3l2-2h6l2 2h3a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2zm8 3.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9zm0 2a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z';
const TYPING_TIMEOUT_MS = 6000;
const BOT_TYPING_TIMEOUT_MS = 15000;
/** how long a notice (replies are slow) stays when no answer replaces it */
const NOTICE_TIMEOUT_MS = 20000;

/**
 * The chat window: a launcher button and a panel in a shadow root. Rendering only; the conversation itself
 * (socket, token, outbox) is ChatSession's.
 */
export class ChatWidget {
  private readonly t: Translate;
  private readonly root: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly subtitle: HTMLParagraphElement;
  private readonly statusLine: HTMLParagraphElement;
  private readonly handoffButton: HTMLButtonElement;
  private readonly endButton: HTMLButtonElement;
  private readonly log: HTMLDivElement;
  private readonly pendingList: HTMLDivElement;
  private readonly typingLine: HTMLParagraphElement;
  private readonly forms: HTMLDivElement;
  private readonly alert: HTMLParagraphElement;
  private readonly input: HTMLTextAreaElement;
  private readonly fileInput: HTMLInputElement;
  private readonly session: ChatSession;
  private config?: WidgetConfig;
  private configLoading?: Promise<WidgetConfig | undefined>;
  private greetingShown = false;
  private historyShown = false;
  private state: StatusView['state'] = 'bot';
  private agentName?: string;
  private rated = false;
  private leftMessage = false;
  private typingTimer?: ReturnType<typeof setTimeout>;
  private lastTypingSent = 0;

  constructor(
    host: HTMLElement,
    private readonly options: WidgetOptions,
  ) {
    this.t = translator(options.lang);
    const shadow = host.attachShadow({ mode: 'open' });
    adoptStyles(shadow, CSS);
    const t = this.t;
    const title = options.title ?? t('title');

    this.launcher = h('button', { type: 'button', className: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'kefu-panel', onclick: () => this.toggle() }, svg(CHAT_ICON), t('launcher'));
    this.subtitle = h('p', { className: 'subtitle' });
    this.handoffButton = h('button', { type: 'button', onclick: () => void this.session.handoff() }, t('talkToPerson'));
    this.endButton = h('button', { type: 'button', className: 'end', onclick: () => void this.endChat() }, t('endChat'));
    this.statusLine = h('p', { className: 'status', role: 'status' });
    this.log = h('div', { className: 'log', role: 'log', 'aria-label': t('messages'), tabindex: '0' });
    this.pendingList = h('div', {});
    this.typingLine = h('p', { className: 'typing', role: 'status', 'aria-live': 'polite' });
    this.forms = h('div', { className: 'forms' });
    this.alert = h('p', { className: 'alert', role: 'alert' });
    this.input = h('textarea', { id: 'kefu-input', rows: 1, maxlength: 2000, placeholder: t('placeholder'), onkeydown: (event: Event) => this.onKey(event as KeyboardEvent), oninput: () => this.onInput() });
    this.fileInput = h('input', { type: 'file', accept: ACCEPTED_TYPES.join(','), hidden: true, 'aria-label': t('attach'), onchange: () => void this.onFile() });
    const composer = h(
      'form',
      { className: 'composer', onsubmit: (event: Event) => this.onSubmit(event) },
      h('button', { type: 'button', className: 'icon', 'aria-label': t('attach'), title: t('attach'), onclick: () => this.fileInput.click() }, svg(PHOTO_ICON)),
      this.fileInput,
      h('label', { for: 'kefu-input', className: 'sr' }, t('inputLabel')),
      this.input,
      h('button', { type: 'submit', className: 'primary' }, t('send')),
    );
    this.panel = h(
      'section',
      { id: 'kefu-panel', className: 'panel', role: 'dialog', 'aria-label': title, hidden: true, onkeydown: (event: Event) => this.onPanelKey(event as KeyboardEvent) },
      h('header', {}, h('div', { className: 'titles' }, h('h2', {}, title), this.subtitle), this.handoffButton, this.endButton, h('button', { type: 'button', className: 'close', 'aria-label': t('close'), onclick: () => this.close() }, '×')),
      this.statusLine,
      this.log,
      this.typingLine,
      this.forms,
      this.alert,
      composer,
    );
    this.root = h('div', { className: `root ${options.position}` }, this.launcher, this.panel);
    this.root.style.setProperty('--kefu-accent', options.accent);
    this.root.style.setProperty('--kefu-on-accent', options.onAccent);
    shadow.appendChild(this.root);
    this.log.appendChild(this.pendingList);

    this.session = new ChatSession(options.origin, `kefu:${options.origin}:conversation`, options.lang, { userId: options.userId, userHash: options.userHash }, {
      session: (session) => this.onSession(session),
      message: (message) => this.onMessage(message),
      status: (status) => this.onStatus(status),
      notice: (notice) => this.showNotice(notice.text),
      typing: (typing) => this.showTyping(typing.role === 'agent' ? (typing.agentName ?? this.agentName ?? t('agent')) : this.botName()),
      outbox: (items) => this.renderOutbox(items),
      connection: (connected) => this.showAlert(connected ? '' : navigator.onLine === false ? t('offlineQueued') : t('connecting')),
      error: (message) => this.showAlert(t('errorGeneric', { reason: message })),
    });
    this.renderOutbox(this.session.outbox);
    // a returning customer: reconnect at once, so that replies that came meanwhile are there
    if (this.session.hasConversation) void this.loadConfig().then(() => this.session.connect());
  }

  /** The greeting and the bot's name come first, so that messages are never drawn with a placeholder name. */
  private loadConfig(): Promise<WidgetConfig | undefined> {
    this.configLoading ??= fetchWidgetConfig(this.options.origin, this.options.lang).then((config) => (this.config = config));
    return this.configLoading;
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  open(): void {
    this.panel.hidden = false;
    this.root.classList.add('open');
    this.launcher.setAttribute('aria-expanded', 'true');
    this.input.focus();
    void this.showGreeting().then(() => this.session.connect());
  }

  close(): void {
    this.panel.hidden = true;
    this.root.classList.remove('open');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.focus();
  }

  private async showGreeting(): Promise<void> {
    if (this.greetingShown) return;
    this.greetingShown = true;
    await this.loadConfig();
    if (!this.config) return;
    // shown, not stored: the conversation begins with the customer's first message
    this.log.insertBefore(this.messageElement({ role: 'bot', text: this.config.greeting }), this.log.firstChild);
  }

  private botName(): string {
    return this.config?.botName ?? this.t('bot');
  }

  private onSession(session: SessionPayload): void {
    this.applyState({ state: session.state });
    if (session.customerId && !this.historyShown) {
      this.historyShown = true;
      void this.session.history().then((conversations) => this.renderHistory(conversations));
    }
  }

  private onStatus(status: StatusView): void {
    this.applyState(status);
  }

  private applyState(status: StatusView): void {
    const t = this.t;
    const reopened = this.state === 'closed' && status.state !== 'closed';
    this.state = status.state;
    if (status.agentName) this.agentName = status.agentName;
    if (reopened) this.rated = false;
    this.handoffButton.hidden = status.state !== 'bot';
    // while waiting, the same `end` event takes the customer out of the queue
    this.endButton.hidden = status.state === 'closed';
    this.endButton.textContent = status.state === 'waiting' ? t('leaveQueue') : t('endChat');
    if (status.state === 'waiting') {
      const parts = [status.queuePosition ? t('queue', { position: status.queuePosition, ahead: status.queuePosition - 1 }) : t('waiting')];
      if (status.etaSeconds !== undefined && status.reason !== 'offline') parts.push(t('eta', { minutes: Math.max(1, Math.round(status.etaSeconds / 60)) }));
      this.statusLine.textContent = parts.join(' · ');
      this.subtitle.textContent = '';
    } else if (status.state === 'assigned') {
      this.statusLine.textContent = '';
      this.subtitle.textContent = this.agentName ? t('assigned', { name: this.agentName }) : '';
    } else {
      this.statusLine.textContent = status.state === 'closed' ? t('closedNotice') : '';
      this.subtitle.textContent = '';
    }
    if (status.state !== 'assigned') this.agentName = status.state === 'closed' ? this.agentName : undefined;
    this.renderForms(status);
  }

  private async endChat(): Promise<void> {
    const error = await this.session.end();
    if (error) this.showAlert(this.t('errorGeneric', { reason: error }));
  }

  private renderForms(status: StatusView): void {
    clear(this.forms);
    if (status.state === 'closed' && status.reason !== 'left_message' && !this.rated && !this.leftMessage) this.forms.appendChild(this.ratingForm());
    else if (status.state === 'waiting' && status.reason === 'offline' && !this.leftMessage) this.forms.appendChild(this.leaveMessageForm());
  }

  private ratingForm(): HTMLFormElement {
    const t = this.t;
    const note = h('p', { className: 'form-note', role: 'status' });
    const comment = h('textarea', { id: 'kefu-rating-comment', rows: 2, maxlength: 1000 });
    const stars = [1, 2, 3, 4, 5].map((n) =>
      h('label', {}, h('input', { type: 'radio', name: 'kefu-score', value: String(n), 'aria-label': n === 1 ? t('star1') : t('star', { n }) }), h('span', { 'aria-hidden': 'true' }, `${n}★`)),
    );
    const form = h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const chosen = form.querySelector<HTMLInputElement>('input[name="kefu-score"]:checked');
          if (!chosen) return void (note.textContent = t('chooseScore'));
          const error = await this.session.rate(Number(chosen.value), comment.value.trim() || undefined);
          if (error) return void (note.textContent = t('errorGeneric', { reason: error }));
          this.rated = true;
          clear(this.forms);
          this.forms.appendChild(h('p', { className: 'form-note', role: 'status' }, t('ratingThanks')));
          this.input.focus();
        },
      },
      h('fieldset', {}, h('legend', {}, t('rateTitle')), h('div', { className: 'stars' }, ...stars)),
      h('div', { className: 'field' }, h('label', { for: 'kefu-rating-comment' }, t('comment')), comment),
      h('button', { type: 'submit', className: 'primary' }, t('submitRating')),
      note,
    );
    return form;
  }

  private leaveMessageForm(): HTMLFormElement {
    const t = this.t;
    const note = h('p', { className: 'form-note', role: 'status' });
    const field = (id: string, label: string, control: HTMLInputElement | HTMLTextAreaElement) => h('div', { className: 'field' }, h('label', { for: id }, label), control);
    const name = h('input', { id: 'kefu-leave-name', autocomplete: 'name', maxlength: 100 });
    const email = h('input', { id: 'kefu-leave-email', type: 'email', autocomplete: 'email', maxlength: 200 });
    const phone = h('input', { id: 'kefu-leave-phone', type: 'tel', autocomplete: 'tel', maxlength: 40 });
    const text = h('textarea', { id: 'kefu-leave-text', rows: 3, maxlength: 2000, required: true });
    const form = h(
      'form',
      {
        'aria-label': t('leaveTitle'),
        onsubmit: async (event: Event) => {
          event.preventDefault();
          if (!email.value.trim() && !phone.value.trim()) return void (note.textContent = t('contactNeeded'));
          const error = await this.session.leaveMessage({ text: text.value.trim(), ...(name.value.trim() ? { name: name.value.trim() } : {}), ...(email.value.trim() ? { email: email.value.trim() } : {}), ...(phone.value.trim() ? { phone: phone.value.trim() } : {}) });
          if (error) return void (note.textContent = t('errorGeneric', { reason: error }));
          this.leftMessage = true;
          clear(this.forms);
          this.forms.appendChild(h('p', { className: 'form-note', role: 'status' }, t('leaveThanks')));
          this.input.focus();
        },
      },
      h('p', { className: 'form-title' }, t('leaveTitle')),
      field('kefu-leave-name', t('name'), name),
      field('kefu-leave-email', t('email'), email),
      field('kefu-leave-phone', t('phone'), phone),
      field('kefu-leave-text', t('message'), text),
      h('button', { type: 'submit', className: 'primary' }, t('submitLeave')),
      note,
    );
    return form;
  }

  private onMessage(message: MessageView): void {
    if (message.role !== 'customer') this.hideTyping();
    if (message.role === 'agent' && message.agentName) this.agentName = message.agentName;
    // the echo of a message still in the outbox: the outbox copy goes (the ack removes it from storage)
    const element = this.messageElement(message);
    element.dataset.seq = String(message.seq);
    const later = [...this.log.querySelectorAll<HTMLElement>('[data-seq]')].find((other) => Number(other.dataset.seq) > message.seq);
    this.log.insertBefore(element, later ?? this.pendingList);
    if (message.role === 'customer') this.removePending(message.text);
    this.scrollToEnd();
  }

  private messageElement(message: Pick<MessageView, 'role' | 'text'> & Partial<MessageView>, pending?: OutboxItem): HTMLElement {
    const t = this.t;
    const who = message.role === 'customer' ? t('you') : message.role === 'agent' ? (message.agentName ?? t('agent')) : message.role === 'bot' ? this.botName() : t('system');
    const announcement = message.sources?.some((source) => source.kind === 'announcement');
    const element = h(
      'article',
      { className: `msg ${message.role}${pending ? ' pending' : ''}`, 'aria-label': who },
      message.role !== 'system' ? h('span', { className: 'who' }, who, pending ? ` · ${t('sending')}` : null) : null,
      announcement ? h('span', { className: 'badge' }, `📢 ${t('announcement')}`) : null,
      message.text ? h('div', { className: 'bubble' }, renderText(withoutListedSuggestions(message.text, message.suggestions))) : null,
    );
    const attachments = message.attachments ?? pending?.attachments ?? [];
    if (attachments.length) element.appendChild(this.photos(attachments, who));
    const sources = (message.sources ?? []).filter((source) => source.kind !== 'announcement' || message.sources!.length === 1);
    if (message.role === 'bot' && sources.length) {
      element.appendChild(h('div', { className: 'sources' }, h('span', {}, `${t('sources')}: `), h('ul', {}, ...sources.map((source) => h('li', {}, source.title)))));
    }
    if (message.role === 'bot' && message.suggestions?.length) {
      element.appendChild(h('div', { className: 'suggestions' }, ...message.suggestions.map((suggestion) => h('button', { type: 'button', onclick: () => this.send(suggestion.question) }, suggestion.question))));
    }
    if (message.role === 'bot' && message.id && message.seq) element.appendChild(this.thumbs(message.id));
    return element;
  }

  private photos(attachments: WireAttachment[], who: string): HTMLElement {
    const list = h('div', { className: 'photos' });
    for (const attachment of attachments) {
      const image = h('img', { alt: this.t('photoFrom', { who }), width: attachment.width && attachment.width < 180 ? attachment.width : undefined });
      list.appendChild(image);
      const token = this.session.token;
      if (token) void photoUrl(this.options.origin, attachment, token).then((url) => url && (image.src = url));
    }
    return list;
  }

  private thumbs(messageId: string): HTMLElement {
    const t = this.t;
    const up = h('button', { type: 'button', 'aria-label': t('helpful'), 'aria-pressed': 'false', title: t('helpful') }, '👍');
    const down = h('button', { type: 'button', 'aria-label': t('notHelpful'), 'aria-pressed': 'false', title: t('notHelpful') }, '👎');
    const choose = (value: 'up' | 'down') => {
      up.setAttribute('aria-pressed', String(value === 'up'));
      down.setAttribute('aria-pressed', String(value === 'down'));
      void this.session.feedback(messageId, value);
    };
    up.addEventListener('click', () => choose('up'));
    down.addEventListener('click', () => choose('down'));
    return h('div', { className: 'thumbs' }, up, down);
  }

  private renderHistory(conversations: HistoryConversation[]): void {
    const first = this.log.firstChild;
    for (const conversation of [...conversations].reverse()) {
      const date = new Date(conversation.createdAt).toLocaleString(this.options.lang === 'zh' ? 'zh-CN' : 'en-US');
      const block = h('div', { className: 'earlier', role: 'group', 'aria-label': this.t('earlier', { date }) }, h('p', { className: 'msg divider' }, this.t('earlier', { date })));
      for (const message of conversation.messages) block.appendChild(this.messageElement({ ...message, id: undefined }));
      this.log.insertBefore(block, first);
    }
  }

  private renderOutbox(items: OutboxItem[]): void {
    const shown = new Set([...this.pendingList.children].map((child) => (child as HTMLElement).dataset.clientId));
    for (const child of [...this.pendingList.children] as HTMLElement[]) if (!items.some((item) => item.clientMessageId === child.dataset.clientId)) child.remove();
    for (const item of items) {
      if (shown.has(item.clientMessageId)) continue;
      const element = this.messageElement({ role: 'customer', text: item.text }, item);
      element.dataset.clientId = item.clientMessageId;
      element.dataset.text = item.text;
      this.pendingList.appendChild(element);
    }
    this.scrollToEnd();
  }

  private removePending(text: string): void {
    const match = [...this.pendingList.children].find((child) => (child as HTMLElement).dataset.text === text);
    match?.remove();
  }

  private send(text: string, attachments: WireAttachment[] = []): void {
    const trimmed = text.trim();
    if (!trimmed && attachments.length === 0) return;
    this.showAlert('');
    this.session.send(trimmed, attachments);
    if (this.state === 'bot' && trimmed) this.showTyping(this.botName(), BOT_TYPING_TIMEOUT_MS);
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    this.send(this.input.value);
    this.input.value = '';
    this.input.focus();
  }

  /** Enter sends, Shift+Enter starts a new line (and an IME composing Chinese keeps its Enter). */
  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.onSubmit(event);
    }
  }

  private onPanelKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.close();
    }
  }

  private onInput(): void {
    const now = Date.now();
    if (this.state === 'assigned' && now - this.lastTypingSent > 2000) {
      this.lastTypingSent = now;
      this.session.typing();
    }
  }

  private async onFile(): Promise<void> {
    const t = this.t;
    const file = this.fileInput.files?.[0];
    this.fileInput.value = '';
    if (!file) return;
    const maxBytes = this.config?.uploadMaxBytes ?? 5 * 1024 * 1024;
    if (file.size > maxBytes) return this.showAlert(t('uploadTooLarge', { mb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 }));
    if (file.type && !ACCEPTED_TYPES.includes(file.type)) return this.showAlert(t('uploadWrongType'));
    if (!this.session.conversationId || !this.session.token || !this.session.current) return this.showAlert(t('connecting'));
    const { attachment, error } = await uploadPhoto(this.options.origin, this.session.conversationId, this.session.token, file);
    if (!attachment) return this.showAlert(t('uploadFailed', { reason: error ?? '' }));
    this.send('', [attachment]);
  }

  private showTyping(name: string, timeoutMs = TYPING_TIMEOUT_MS): void {
    this.typingLine.textContent = `${name} ${this.t('botTyping')}`;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.hideTyping(), timeoutMs);
  }

  /** A passing word from the bot (replies are slow right now), in the typing line until its answer comes. */
  private showNotice(text: string): void {
    this.typingLine.textContent = text;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.hideTyping(), NOTICE_TIMEOUT_MS);
  }

  private hideTyping(): void {
    clearTimeout(this.typingTimer);
    this.typingLine.textContent = '';
  }

  private showAlert(text: string): void {
    this.alert.textContent = text;
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}

/** "Did you mean: 1. … 2. …": the numbered questions are shown as buttons, so the text keeps only its first line. */
function withoutListedSuggestions(text: string, suggestions: MessageView['suggestions']): string {
  if (!suggestions?.length) return text;
  const questions = new Set(suggestions.map((suggestion) => suggestion.question.trim()));
  return text
    .split('\n')
    .filter((line) => !questions.has(line.replace(/^\s*\d+[.、)]\s*/, '').trim()))
    .join('\n')
    .trim();
}

function svg(path: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const element = document.createElementNS(ns, 'svg');
  element.setAttribute('viewBox', '0 0 24 24');
  element.setAttribute('aria-hidden', 'true');
  const shape = document.createElementNS(ns, 'path');
  shape.setAttribute('d', path);
  element.appendChild(shape);
  return element;
}

