// The list of what this device holds, with "send now", "open" and "delete" (confirmed).
(function () {
  "use strict";
  const CAS = window.CAS;
  const list = document.getElementById("device-items");
  if (!CAS || !list) return;
  const S = CAS.strings;
  const template = document.getElementById("device-item-template");
  const stateLabels = { editing: S.state_editing, queued: S.state_queued, attention: S.state_attention };
  const stateClasses = { editing: "text-bg-light border", queued: "text-bg-info", attention: "text-bg-warning" };

  function render() {
    list.replaceChildren();
    const items = CAS.store.all();
    document.getElementById("device-empty").hidden = items.length > 0;
    for (const item of items) {
      const node = template.content.firstElementChild.cloneNode(true);
      node.dataset.uid = item.uid;
      node.dataset.state = item.state;
      node.querySelector("[data-field=title]").textContent = item.title;
      node.querySelector("[data-field=centre]").textContent = item.centreName || "";
      const state = node.querySelector("[data-field=state]");
      state.textContent = stateLabels[item.state] || item.state;
      state.className = `badge ${stateClasses[item.state] || ""}`;
      node.querySelector("[data-field=saved]").textContent = item.savedAt
        ? new Date(item.savedAt).toLocaleString()
        : "";
      node.querySelector("[data-field=message]").textContent =
        item.state === "attention" ? item.message || S.attention_help : "";
      node.querySelector("[data-action=open]").href = item.pageUrl;
      node.querySelector("[data-action=delete]").addEventListener("click", () => {
        if (window.confirm(S.confirm_delete)) {
          CAS.store.remove(item.uid);
          render();
        }
      });
      list.appendChild(node);
    }
  }

  document.getElementById("send-now").addEventListener("click", async () => {
    const state = document.getElementById("device-state");
    state.textContent = navigator.onLine ? S.sending : S.offline;
    await CAS.flushQueue();
    if (CAS.photos) await CAS.photos.send();
    state.textContent = "";
    render();
  });

  // Photos wait in IndexedDB, beside the forms: say how many, so that nobody wipes the browser.
  async function renderPhotos() {
    const note = document.getElementById("device-photos");
    // Refused photos are not waiting: photo-queue.js lists them, with why, below.
    const waiting = CAS.photos ? (await CAS.photos.all()).filter((p) => p.state !== "attention").length : 0;
    note.textContent = waiting ? S.photos_waiting.replace("%s", waiting) : "";
    note.hidden = !waiting;
  }
  document.addEventListener("cas:photos-changed", renderPhotos);
  renderPhotos();
  document.addEventListener("cas:queue-changed", render);
  window.addEventListener("storage", render);
  render();
})();
