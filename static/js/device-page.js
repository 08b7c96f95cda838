// The list of what this device holds for the logged-in user, with "send now", "open" and
// "delete" (confirmed). Other users' items are only counted; items kept before the device
// recorded owners are listed apart, with a warning, until someone claims or deletes them.
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
    for (const item of items) list.appendChild(row(item, () => CAS.store.remove(item.uid)));
    renderUnowned();
    renderOthers();
  }

  function row(item, remove) {
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
        remove();
        render();
      }
    });
    return node;
  }

  // Kept before the device recorded owners: whose it is cannot be known, so it is shown only
  // here, with a warning, cannot be opened and goes nowhere until whoever typed it claims it.
  function renderUnowned() {
    const box = document.getElementById("device-unowned");
    const unowned = CAS.store.unowned();
    box.hidden = !unowned.length;
    const rows = box.querySelector("[data-unowned-items]");
    rows.replaceChildren();
    for (const item of unowned) {
      const node = row(item, () => CAS.store.removeUnowned(item.uid));
      node.querySelector("[data-action=open]").hidden = true;
      const claim = node.querySelector("[data-action=claim]");
      claim.hidden = false;
      claim.addEventListener("click", async () => {
        if (!window.confirm(S.confirm_claim)) return;
        CAS.store.claim(item.uid);
        await claimPhotos((p) => p.formUid === item.uid);
        render();
      });
      rows.appendChild(node);
    }
  }

  async function claimPhotos(which) {
    if (!CAS.photoStore) return;
    for (const photo of await CAS.photoStore.everyone()) {
      if (!photo.owner && which(photo)) await CAS.photoStore.put({ ...photo, owner: CAS.owner });
    }
    document.dispatchEvent(new CustomEvent("cas:photos-changed"));
  }

  // Other users' items are counted (so that nobody wipes the browser), never shown.
  async function renderOthers() {
    let others = CAS.store.othersCount();
    let unownedPhotos = 0;
    if (CAS.photoStore) {
      const everyone = await CAS.photoStore.everyone().catch(() => []);
      others += everyone.filter((p) => p.owner && p.owner !== CAS.owner).length;
      unownedPhotos = everyone.filter((p) => !p.owner).length;
    }
    const note = document.getElementById("device-others");
    note.textContent = others ? S.others_waiting.replace("%s", others) : "";
    note.hidden = !others;
    const photos = document.getElementById("device-unowned-photos");
    photos.querySelector("[data-count]").textContent = S.unowned_photos.replace("%s", unownedPhotos);
    photos.hidden = !unownedPhotos;
  }
  document.getElementById("claim-photos").addEventListener("click", async () => {
    if (window.confirm(S.confirm_claim)) await claimPhotos(() => true);
    render();
  });

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
