// My exports: follows the progress of the exports being prepared (their status.json), and
// reloads the page once each has finished, to show its download link. Without JavaScript the
// page's Refresh link does the same.
(function () {
  "use strict";
  const list = document.getElementById("exports");
  if (!list || !list.hasAttribute("data-poll")) return;
  const INTERVAL = 2000;

  function pending() {
    return Array.from(list.querySelectorAll("[data-export]")).filter(
      (item) => item.dataset.status === "queued" || item.dataset.status === "running"
    );
  }

  async function poll() {
    const items = pending();
    if (!items.length) return;
    let finished = false;
    for (const item of items) {
      try {
        const response = await fetch(item.dataset.statusUrl, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (!response.ok) continue;
        const state = await response.json();
        const bar = item.querySelector("progress");
        if (bar) {
          bar.value = state.percent;
          bar.textContent = state.percent + "%";
        }
        const rows = item.querySelector("[data-rows]");
        if (rows) rows.textContent = state.text;
        const label = item.querySelector("[data-label]");
        if (label) label.textContent = state.label;
        if (state.status !== item.dataset.status) {
          item.dataset.status = state.status;
          if (state.status === "done" || state.status === "failed") finished = true;
        }
      } catch (error) {
        // Offline or the server is restarting: try again at the next turn.
      }
    }
    if (finished) {
      window.location.reload();
      return;
    }
    window.setTimeout(poll, INTERVAL);
  }
  window.setTimeout(poll, INTERVAL);
})();
