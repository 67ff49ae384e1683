/**
 * The widget's styles, adopted by its shadow root: the host page's CSS cannot reach in, and these rules cannot
 * reach out. Colours of the default theme meet WCAG 2.1 AA (4.5:1 for text) — checked in contrast.spec.ts.
 */
export const THEME = {
  accent: '#1d4ed8',
  text: '#111827',
  muted: '#4b5563',
  background: '#ffffff',
  customerBubble: '#1d4ed8',
  botBubble: '#f3f4f6',
  systemText: '#374151',
  link: '#1e40af',
  error: '#b91c1c',
  notice: '#92400e',
  noticeBackground: '#fef3c7',
} as const;

export const CSS = `
:host { all: initial; }
*, *::before, *::after { box-sizing: border-box; }
.root { font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif; color: ${THEME.text}; }
button, input, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.launcher { position: fixed; bottom: 20px; right: 20px; display: inline-flex; align-items: center; gap: 8px; min-height: 48px; padding: 0 18px; border: 0; border-radius: 24px; background: var(--kefu-accent); color: var(--kefu-on-accent); font-weight: 600; box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483000; }
.left .launcher { right: auto; left: 20px; }
.launcher svg { width: 22px; height: 22px; fill: currentColor; }
.panel { position: fixed; bottom: 84px; right: 20px; width: 380px; height: min(620px, calc(100vh - 104px)); display: flex; flex-direction: column; background: ${THEME.background}; border-radius: 14px; box-shadow: 0 10px 40px rgba(0,0,0,.3); overflow: hidden; z-index: 2147483001; }
.left .panel { right: auto; left: 20px; }
.panel[hidden] { display: none; }
@media (max-width: 480px) {
  .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; }
  .open .launcher { display: none; }
}
header { display: flex; align-items: center; gap: 8px; padding: 10px 12px; background: var(--kefu-accent); color: var(--kefu-on-accent); }
header .titles { flex: 1; min-width: 0; }
header h2 { margin: 0; font-size: 16px; line-height: 1.3; font-weight: 600; }
header .subtitle { margin: 0; font-size: 12px; opacity: .95; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
header button { border: 1px solid currentColor; background: transparent; color: inherit; border-radius: 8px; padding: 4px 8px; font-size: 13px; }
header .close { border: 0; font-size: 22px; line-height: 1; padding: 2px 8px; }
.status { margin: 0; padding: 6px 12px; background: ${THEME.noticeBackground}; color: ${THEME.notice}; font-size: 13px; }
.status:empty { display: none; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 10px; }
.msg { display: flex; flex-direction: column; max-width: 85%; align-self: flex-start; }
.msg.customer { align-self: flex-end; align-items: flex-end; }
.msg.system, .msg.divider { align-self: center; max-width: 100%; text-align: center; color: ${THEME.systemText}; font-size: 12px; }
.who { font-size: 12px; color: ${THEME.muted}; margin: 0 4px 2px; }
.bubble { padding: 8px 12px; border-radius: 12px; background: ${THEME.botBubble}; white-space: pre-wrap; overflow-wrap: anywhere; }
.customer .bubble { background: ${THEME.customerBubble}; color: #ffffff; }
.customer .bubble a { color: #ffffff; }
.bubble a { color: ${THEME.link}; text-decoration: underline; }
.system .bubble { background: transparent; padding: 2px 8px; }
.badge { align-self: flex-start; margin-bottom: 4px; padding: 1px 8px; border-radius: 10px; background: ${THEME.noticeBackground}; color: ${THEME.notice}; font-size: 12px; font-weight: 600; }
.sources { margin: 4px 4px 0; font-size: 12px; color: ${THEME.muted}; }
.sources ul { margin: 0; padding-left: 16px; }
.suggestions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.suggestions button, .chip { border: 1px solid ${THEME.accent}; color: ${THEME.link}; background: #fff; border-radius: 14px; padding: 4px 10px; font-size: 13px; text-align: left; }
.thumbs { display: flex; gap: 4px; margin-top: 4px; }
.thumbs button { border: 1px solid #9ca3af; background: #fff; border-radius: 8px; padding: 2px 8px; font-size: 14px; }
.thumbs button[aria-pressed="true"] { background: ${THEME.botBubble}; border-color: ${THEME.text}; }
.thumbs button:disabled { cursor: default; }
.photos { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 4px; }
.photos img { max-width: 180px; max-height: 180px; border-radius: 8px; display: block; background: #e5e7eb; min-width: 48px; min-height: 48px; }
.typing { margin: 0; padding: 0 12px 6px; font-size: 12px; color: ${THEME.muted}; min-height: 0; }
.typing:empty { display: none; }
.forms:empty { display: none; }
.forms { padding: 10px 12px; border-top: 1px solid #e5e7eb; max-height: 55%; overflow-y: auto; }
fieldset { border: 0; margin: 0; padding: 0; }
legend, .form-title { font-weight: 600; margin-bottom: 6px; padding: 0; }
.stars { display: flex; gap: 4px; margin-bottom: 6px; }
.stars label { display: inline-flex; align-items: center; gap: 2px; padding: 4px 6px; border: 1px solid #9ca3af; border-radius: 8px; }
.field { display: flex; flex-direction: column; gap: 2px; margin-bottom: 6px; font-size: 13px; }
.field input, .field textarea { border: 1px solid #6b7280; border-radius: 8px; padding: 6px 8px; background: #fff; }
.primary { border: 0; border-radius: 8px; padding: 6px 14px; background: var(--kefu-accent); color: var(--kefu-on-accent); font-weight: 600; }
.form-note { margin: 4px 0 0; font-size: 13px; }
.composer { display: flex; align-items: flex-end; gap: 6px; padding: 8px; border-top: 1px solid #e5e7eb; }
.composer textarea { flex: 1; resize: none; min-height: 40px; max-height: 120px; border: 1px solid #6b7280; border-radius: 10px; padding: 8px 10px; background: #fff; }
.composer .icon { border: 1px solid #6b7280; background: #fff; border-radius: 10px; width: 40px; height: 40px; display: inline-flex; align-items: center; justify-content: center; }
.composer .icon svg { width: 20px; height: 20px; fill: ${THEME.text}; }
.composer .primary { height: 40px; }
.alert { margin: 0; padding: 6px 12px; color: ${THEME.error}; font-size: 13px; }
.alert:empty { display: none; }
`;
