// Photos taken in the field. Before saving, the researcher sees the photo as it will be stored
// (faces blurred by the server, nothing stored yet) and marks further areas to blur. Photos are
// kept on this device (IndexedDB: a photo is too large for localStorage) until the server has
// them: with no connection they wait, and photos added to a form that the server does not have
// yet are sent once it has it — before the form is submitted, so that they go with it.
(function () {
  "use strict";
  if (!window.CAS || !window.CASAreas || !window.indexedDB) return;
  const S = CAS.strings;

  // ---- the device's photo store -------------------------------------------------------------
  let opening = null;
  function database() {
    opening =
      opening ||
      new Promise((resolve, reject) => {
        const request = indexedDB.open("cas-photos", 1);
        request.onupgradeneeded = () => request.result.createObjectStore("photos", { keyPath: "id" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    return opening;
  }
  async function transact(mode, operation) {
    const db = await database();
    return new Promise((resolve, reject) => {
      const tx = db.transaction("photos", mode);
      const request = operation(tx.objectStore("photos"));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }
  // Every photo kept belongs to the user who took it (see device.js): `all` is theirs only.
  const everyone = () => transact("readonly", (s) => s.getAll());
  const photos = {
    put: (entry) => transact("readwrite", (s) => s.put({ ...entry, owner: entry.owner || CAS.owner })),
    remove: (id) => transact("readwrite", (s) => s.delete(id)),
    all: () => everyone().then((list) => list.filter((p) => p.owner === CAS.owner)),
  };
  function changed() {
    document.dispatchEvent(new CustomEvent("cas:photos-changed"));
  }

  function uploadUrl(entry) {
    if (entry.uploadUrl) return entry.uploadUrl;
    return entry.recordId ? entry.urlTemplate.replace("/0/", `/${entry.recordId}/`) : null;
  }

  // A photo the server answered with a 4xx is refused: it will not be taken by sending it again
  // (not a readable photo, bad areas, no consent, too large for a proxy, ...). It is kept,
  // marked, with the reason, until the user removes it; it never holds back its form. A network
  // error, a 5xx, a timeout (408) or "too many requests" (429) is worth another try.
  function isRefused(result) {
    // Not the logged-in user's photo: it waits for its owner, never refused.
    if (result.kind === "ok" || result.kind === "login" || result.kind === "wrong_user") return false;
    if (result.kind !== "network") return true; // invalid, refused, conflict, locked
    return result.status >= 400 && result.status < 500 && result.status !== 408 && result.status !== 429;
  }
  function refusal(result) {
    const messages = Object.values((result.body && result.body.errors) || {})
      .flat()
      .map((e) => e.message || e);
    if (result.body && result.body.message) messages.push(result.body.message);
    return messages.join(" ") || S.photo_refused_status.replace("%s", result.status || "?");
  }

  // Send the photos the server can take now (`which` narrows them). Resolves to the last
  // failure ({kind: "network"|"login"}) or {kind: "ok"}: refused photos do not count.
  let sending = null;
  async function sendPhotos(which) {
    while (sending) await sending;
    let finish;
    sending = new Promise((resolve) => (finish = resolve));
    try {
      for (const entry of await photos.all()) {
        if ((which && !which(entry)) || entry.state === "attention" || !uploadUrl(entry)) continue;
        const result = await CAS.post(
          uploadUrl(entry),
          [["image", entry.file], ["caption", entry.caption], ["space", entry.space],
           ["areas", JSON.stringify(entry.areas)]],
          { device_owner: entry.owner }, // whose it is: the server refuses it for anyone else
        );
        if (result.kind === "ok") {
          await photos.remove(entry.id);
        } else if (!isRefused(result)) {
          return result;
        } else {
          entry.state = "attention";
          entry.message = refusal(result);
          entry.refusedAt = new Date().toISOString();
          await photos.put(entry);
        }
      }
      return { kind: "ok" };
    } finally {
      sending = null;
      finish();
      changed();
    }
  }

  // Called before a form is submitted (from the page or from the device queue): its photos go
  // first, to the record saved as a draft if the server does not have it yet.
  CAS.beforeSubmit = async function (item) {
    const mine = (await photos.all()).filter((p) => p.formUid === item.uid && p.state !== "attention");
    if (!mine.length) return { kind: "ok" };
    if (!item.recordId) {
      if (!item.photoSaveId) {
        // Kept before sending: if the answer is lost (the page is left, the connection
        // drops), the retry is recognised as this same save instead of a conflicting one.
        item.photoSaveId = CAS.uuid4();
        CAS.store.put(item);
      }
      const saved = await CAS.post(item.url, item.fields, { action: "save", save_id: item.photoSaveId });
      if (saved.kind !== "ok") return saved;
      item.recordId = saved.body.id;
      item.baseVersion = saved.body.version;
      item.fields = item.fields.map(([n, v]) => (n === "base_version" ? [n, String(saved.body.version)] : [n, v]));
      CAS.store.put(item);
    }
    for (const entry of mine) {
      entry.recordId = item.recordId;
      await photos.put(entry);
    }
    return sendPhotos((p) => p.formUid === item.uid);
  };
  // A discarded draft's photos still on this device (fieldwork/record_discard.html).
  async function forgetForm(uid) {
    for (const entry of await photos.all()) if (entry.formUid === uid) await photos.remove(entry.id);
    changed();
  }
  CAS.photos = { all: photos.all, send: sendPhotos, forgetForm };
  CAS.photoStore = { everyone, put: (entry) => transact("readwrite", (s) => s.put(entry)) }; // /device/

  // ---- refused photos: said on every page (listed on /device/) until they are removed --------
  async function showRefused() {
    const refused = (await photos.all()).filter((p) => p.state === "attention");
    const list = document.getElementById("device-photos-refused");
    let banner = document.getElementById("photos-refused");
    if (!list && !banner && refused.length) {
      banner = document.createElement("div");
      banner.id = "photos-refused";
      banner.className = "alert alert-warning";
      banner.setAttribute("role", "alert");
      const main = document.querySelector("main");
      if (!main) return;
      main.prepend(banner);
    }
    const describe = (p) => `${p.caption || (p.file && p.file.name) || ""} · ${p.message || ""}`;
    if (list) {
      // /device/: each refused photo, why, and a way to remove it.
      list.replaceChildren(
        ...refused.map((p) => {
          const li = document.createElement("li");
          li.className = "list-group-item small text-danger";
          li.dataset.photoRefused = p.id;
          li.textContent = `${describe(p)} `;
          const remove = document.createElement("button");
          remove.type = "button";
          remove.className = "btn btn-link btn-sm p-0";
          remove.textContent = S.photo_remove;
          remove.addEventListener("click", async () => {
            await photos.remove(p.id);
            changed();
          });
          li.appendChild(remove);
          return li;
        }),
      );
      const title = document.getElementById("device-photos-refused-title");
      if (title) title.hidden = !refused.length;
      list.hidden = !refused.length;
    } else if (banner) {
      const title = document.createElement("p");
      title.className = "fw-semibold mb-1";
      title.textContent = S.photos_refused;
      const items = document.createElement("ul");
      items.className = "mb-1";
      items.replaceChildren(
        ...refused.map((p) => {
          const li = document.createElement("li");
          li.textContent = describe(p);
          return li;
        }),
      );
      const link = document.createElement("a");
      link.className = "alert-link";
      link.href = (document.getElementById("device-indicator") || {}).href || "/device/";
      link.textContent = S.photos_refused_see;
      banner.replaceChildren(title, items, link);
      banner.hidden = !refused.length;
    }
  }
  document.addEventListener("cas:photos-changed", showRefused);
  showRefused();

  window.addEventListener("online", () => sendPhotos());
  document.addEventListener("cas:record-saved", async (event) => {
    const { uid, id } = event.detail;
    for (const entry of await photos.all()) {
      if (entry.formUid === uid && !entry.recordId) {
        entry.recordId = id;
        await photos.put(entry);
      }
    }
    sendPhotos((p) => p.formUid === uid);
  });
  sendPhotos((p) => !p.formUid); // photos of observations the server has: nothing to wait for

  // ---- the picker: choose, see protected, mark, save -----------------------------------------
  document.querySelectorAll("[data-photo-picker]").forEach(setUpPicker);

  function setUpPicker(picker) {
    const form = picker.querySelector("form") || picker;
    const input = picker.querySelector("input[type=file]");
    const box = picker.querySelector("[data-marker]");
    const image = picker.querySelector("[data-marker-image]");
    const status = picker.querySelector("[data-picker-status]");
    const waitingList = picker.querySelector("[data-picker-waiting]");
    const saveButton = picker.querySelector("[data-picker-save]");
    const recordForm = document.getElementById("record-form");
    let areas = [];
    let previewUrl = null;

    function say(text, kind) {
      status.textContent = text || "";
      status.className = `small mb-2 ${kind === "error" ? "text-danger" : "text-body-secondary"}`;
      status.hidden = !text;
    }
    function show(blob) {
      if (previewUrl) URL.revokeObjectURL(previewUrl);
      previewUrl = URL.createObjectURL(blob);
      image.src = previewUrl;
      box.hidden = false;
      box.querySelectorAll(".photo-mark").forEach((m) => m.remove());
      areas.forEach((a) => box.appendChild(mark(a)));
    }
    const mark = window.CASAreas.mark;
    async function preview() {
      const file = input.files[0];
      if (!file) return;
      show(file); // at once, on the device only
      if (!navigator.onLine) return say(S.photo_offline_preview);
      say(S.photo_checking);
      const data = new FormData();
      data.append("image", file);
      data.append("areas", JSON.stringify(areas));
      try {
        const response = await fetch(picker.dataset.previewUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": CAS.csrfToken(), "X-CAS-Sync": "1" },
        });
        if (response.ok) {
          show(await response.blob());
          say(S.photo_protected.replace("%(n)s", response.headers.get("X-CAS-Faces") || "0"));
        } else {
          const body = await response.json().catch(() => ({}));
          const messages = Object.values(body.errors || {}).flat().map((e) => e.message || e);
          say(messages.join(" ") || S.photo_offline_preview, "error");
          if (messages.length) {
            box.hidden = true;
            input.value = "";
          }
        }
      } catch (e) {
        say(S.photo_offline_preview);
      }
    }
    input.addEventListener("change", () => {
      areas = [];
      preview();
    });

    CASAreas.attach(box, image, (area) => {
      areas.push(area);
      preview(); // the server blurs the marked areas too: what is shown is what will be stored
    });

    async function keep(event) {
      if (event) event.preventDefault();
      const file = input.files[0];
      if (!file) return say(S.photo_choose, "error");
      const space = picker.querySelector("[name=space]");
      if (!space.value) {
        space.focus();
        return say(S.photo_choose_space, "error"); // the server would refuse it without
      }
      const entry = {
        id: CAS.uuid4(),
        file,
        caption: picker.querySelector("[name=caption]").value,
        space: picker.querySelector("[name=space]").value,
        areas,
        urlTemplate: picker.dataset.urlTemplate,
        uploadUrl: picker.dataset.uploadUrl || null,
        recordId: null,
        formUid: null,
        addedAt: new Date().toISOString(),
      };
      if (recordForm) {
        entry.formUid = recordForm.elements.uid.value;
        entry.recordId = recordForm.dataset.recordId || (CAS.store.get(entry.formUid) || {}).recordId || null;
      }
      saveButton.disabled = true;
      try {
        await photos.put(entry);
      } catch (e) {
        saveButton.disabled = false;
        return say(S.photo_device_full, "error");
      }
      input.value = "";
      picker.querySelector("[name=caption]").value = "";
      areas = [];
      box.hidden = true;
      const result = await sendPhotos((p) => p.id === entry.id);
      saveButton.disabled = false;
      const left = (await photos.all()).find((p) => p.id === entry.id);
      if (!left && !recordForm) return location.reload(); // the gallery shows it, protected
      if (!left) return say(S.photo_saved);
      if (left.state === "attention") return say(left.message, "error");
      say(result.kind === "ok" ? S.photo_waits_for_form : S.photo_waiting);
    }
    if (form !== picker) form.addEventListener("submit", keep);
    else saveButton.addEventListener("click", keep);

    async function listWaiting() {
      const uid = recordForm && recordForm.elements.uid.value;
      const here = (await photos.all()).filter((p) =>
        recordForm ? p.formUid === uid : p.uploadUrl === picker.dataset.uploadUrl,
      );
      waitingList.replaceChildren(
        ...here.map((p) => {
          const li = document.createElement("li");
          li.className = p.state === "attention" ? "text-danger" : "";
          li.textContent = `${p.caption || p.file.name} · ${p.state === "attention" ? p.message : S.photo_waiting} `;
          if (p.state === "attention") {
            // Refused by the server (not a readable photo, no consent): it cannot be sent.
            const remove = document.createElement("button");
            remove.type = "button";
            remove.className = "btn btn-link btn-sm p-0";
            remove.textContent = S.photo_remove;
            remove.addEventListener("click", async () => {
              await photos.remove(p.id);
              changed();
            });
            li.appendChild(remove);
          }
          return li;
        }),
      );
      waitingList.hidden = !here.length;
    }
    document.addEventListener("cas:photos-changed", listWaiting);
    listWaiting();

    // In the observation form, photos go with the form only when the centre authorised them.
    if (recordForm) {
      const consent = () => recordForm.querySelector("input[name=consent_photos]:checked");
      const toggle = () => {
        const yes = consent() && consent().value === "True";
        picker.querySelector("[data-picker-body]").hidden = !yes;
        picker.querySelector("[data-picker-no-consent]").hidden = !!yes;
      };
      recordForm.addEventListener("change", toggle);
      toggle();
    }
  }
})();
