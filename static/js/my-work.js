// My work: the drafts this device keeps for the logged-in user (CAS.store, see device.js),
// beside the server's. A server draft that the device also holds is marked; what the server
// does not have yet (a form started offline, a submission waiting) is listed with a link to
// open it, so that nothing started here is reachable only by remembering its centre.
(function () {
  "use strict";
  const CAS = window.CAS;
  const list = document.getElementById("device-drafts");
  if (!CAS || !list) return;
  const S = CAS.strings;
  const template = document.getElementById("device-draft-template");
  const stateLabels = { editing: S.state_editing, queued: S.state_queued, attention: S.state_attention };
  const stateClasses = { editing: "text-bg-light border", queued: "text-bg-info", attention: "text-bg-warning" };
  const locale = document.documentElement.lang === "es" ? "es-MX" : "en-GB";
  let when;
  try {
    when = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: list.dataset.timeZone });
  } catch (e) {
    when = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short" });
  }

  function render() {
    list.replaceChildren();
    document.querySelectorAll("[data-on-device]").forEach((badge) => (badge.hidden = true));
    let shown = 0;
    for (const item of CAS.store.all()) {
      const onServer = item.recordId && document.querySelector(`[data-record="${item.instrument}:${item.recordId}"]`);
      if (onServer && item.state === "editing") {
        const badge = onServer.querySelector("[data-on-device]");
        if (badge) badge.hidden = false;
        continue;
      }
      const node = template.content.firstElementChild.cloneNode(true);
      node.dataset.uid = item.uid;
      node.dataset.state = item.state;
      node.querySelector("[data-field=title]").textContent = item.title || "";
      node.querySelector("[data-field=centre]").textContent = item.centreName || "";
      const state = node.querySelector("[data-field=state]");
      const notOnServer = !item.recordId && item.state === "editing";
      state.textContent = notOnServer ? S.not_on_server : stateLabels[item.state] || item.state;
      state.className = `badge ${notOnServer ? "text-bg-warning" : stateClasses[item.state] || ""}`;
      node.querySelector("[data-field=saved]").textContent = item.savedAt
        ? S.saved_on_device_at.replace("%s", when.format(new Date(item.savedAt)))
        : "";
      node.querySelector("[data-action=open]").href = item.pageUrl;
      list.appendChild(node);
      shown += 1;
    }
    document.getElementById("device-drafts-box").hidden = shown === 0;
    const serverDrafts = document.querySelectorAll("#server-drafts [data-record]").length;
    document.getElementById("no-drafts").hidden = shown + serverDrafts > 0;
  }

  document.addEventListener("cas:queue-changed", render);
  window.addEventListener("storage", render);
  render();
})();
