// telconf console: the little the pages need beyond HTML. No inline script anywhere (the
// Content-Security-Policy forbids it); this file is all.
"use strict";

// Forms that change a lot ask first.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// "Live updates": refresh one region of the page from the same URL every two seconds, or every
// `data-live-ms` (the Messages pages: 0.3 s, and on from the start when the box is checked).
const LIVE_MS = 2000;
for (const box of document.querySelectorAll("input[data-live]")) {
  let timer = null;
  let busy = false;
  const selector = box.dataset.live;
  const every = Number(box.dataset.liveMs) || LIVE_MS;
  const refresh = async () => {
    if (busy) return; // the previous look has not answered yet
    busy = true;
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").querySelector(selector);
      const current = document.querySelector(selector);
      if (fresh && current && fresh.innerHTML !== current.innerHTML) current.replaceWith(fresh);
    } catch (error) {
      // The next tick tries again.
    } finally {
      busy = false;
    }
  };
  const follow = () => {
    if (timer !== null) window.clearInterval(timer);
    timer = box.checked ? window.setInterval(refresh, every) : null;
  };
  box.addEventListener("change", follow);
  follow();
}
