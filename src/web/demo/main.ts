/** The demo storefront's own behaviour (the cart counter); the chat is the widget's script tag. */
function start(): void {
  const counter = document.getElementById('cart-count');
  let count = 0;
  for (const button of document.querySelectorAll<HTMLButtonElement>('button.add')) {
    button.addEventListener('click', () => {
      count += 1;
      if (counter) counter.textContent = String(count);
    });
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
