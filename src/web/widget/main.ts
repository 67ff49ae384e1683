import { readOptions } from './config';
import { ChatWidget } from './widget';

/**
 * widget.js: `<script src="https://kefu.example/widget.js" data-title="…" data-color="#…" data-lang="zh|en|auto"
 * data-position="right|left" async></script>` adds a chat launcher to the page. Everything lives in a shadow root
 * on one host element, so the page's CSS and the widget's cannot touch each other.
 */
function mount(): void {
  const globalKey = '__kefuWidget';
  const scope = window as unknown as Record<string, unknown>;
  if (scope[globalKey]) return; // the tag twice on one page: one widget
  const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');
  const options = readOptions(script, navigator.languages?.length ? navigator.languages : [navigator.language]);
  const host = document.createElement('div');
  host.id = 'kefu-widget';
  host.setAttribute('data-kefu', '');
  // inline, important: beats page rules such as `* { all: unset }` or `div { display: none }` on the host element
  for (const [property, value] of Object.entries({ all: 'initial', display: 'block', position: 'fixed', width: '0', height: '0', bottom: '0', right: '0', 'z-index': '2147483000' })) {
    host.style.setProperty(property, value, 'important');
  }
  (document.body ?? document.documentElement).appendChild(host);
  const widget = new ChatWidget(host, options);
  scope[globalKey] = widget;
  requestAnimationFrame(() => performance.mark?.('kefu:launcher-painted'));
}

if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount, { once: true });
