// Record forms: skip logic, sections as steps with progress, related rows, and keeping every
// answer safe: a copy on this device at every change, a draft on the server every few seconds
// when online, and submissions queued on the device when there is no connection.
// The server applies the same skip logic and validation, so the form works without this script.
(function () {
  "use strict";
  const form = document.getElementById("record-form");
  if (!form || !window.CAS) return;
  const CAS = window.CAS;
  const S = CAS.strings;
  const AUTOSAVE_MS = window.CAS_AUTOSAVE_MS || 5000; // shorter only in the browser tests
  const SKIP = new Set(["csrfmiddlewaretoken", "save_id", "confirm_version"]);

  // ---- skip logic ---------------------------------------------------------------------------
  function currentValues(code) {
    return Array.from(form.querySelectorAll(`[name="${code}"]`))
      .filter((el) => (el.type === "radio" || el.type === "checkbox" ? el.checked : true))
      .map((el) => el.value);
  }

  function applySkipLogic() {
    form.querySelectorAll("[data-relevant-code]").forEach((block) => {
      const relevant = currentValues(block.dataset.relevantCode).includes(block.dataset.relevantValue);
      block.classList.toggle("is-hidden-by-skip", !relevant);
      block.setAttribute("aria-hidden", String(!relevant));
    });
  }

  // ---- related rows -------------------------------------------------------------------------
  function addRow(prefix) {
    const rows = form.querySelector(`[data-formset-rows="${prefix}"]`);
    const template = document.getElementById(`${prefix}-empty-row`);
    const total = form.querySelector(`#id_${prefix}-TOTAL_FORMS`);
    const index = parseInt(total.value, 10);
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    // Each row's own id, so that saving it again (a retry, the queue) updates it, never adds it.
    const rowUid = rows.lastElementChild.querySelector("input[name$='-uid']");
    if (rowUid) rowUid.value = CAS.uuid4();
    return rows.lastElementChild;
  }

  // The server answers the stored rows' ids by uid: written into the rows (and so into this
  // device's copy), the next save updates those rows. A row no longer stored loses its id.
  function writeRowIds(rows) {
    for (const [prefix, ids] of Object.entries(rows || {})) {
      form.querySelectorAll(`[data-formset-rows="${prefix}"] input[name$='-uid']`).forEach((el) => {
        const idInput = form.elements[el.name.replace(/-uid$/, "-id")];
        if (idInput) idInput.value = ids[el.value] || "";
      });
    }
  }

  form.querySelectorAll("[data-add-row]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      const first = addRow(button.dataset.addRow).querySelector("input, select");
      if (first) first.focus();
      changed();
    });
  });

  // ---- sections as steps, progress ------------------------------------------------------------
  const sections = Array.from(form.querySelectorAll("section[id^='section-']"));
  const pills = Array.from(document.querySelectorAll("a.nav-link[href^='#section-']"));
  const stepNav = form.querySelector(".step-nav");
  let current = 0;

  function showStep(index, focus) {
    current = Math.max(0, Math.min(sections.length - 1, index));
    sections.forEach((s, i) => (s.hidden = i !== current));
    pills.forEach((p, i) => {
      p.classList.toggle("active", i === current);
      if (i === current) p.setAttribute("aria-current", "step");
      else p.removeAttribute("aria-current");
    });
    stepNav.querySelector("[data-step='-1']").disabled = current === 0;
    stepNav.querySelector("[data-step='1']").disabled = current === sections.length - 1;
    if (focus) sections[current].scrollIntoView({ block: "start" });
  }

  function stepOf(element) {
    return sections.findIndex((s) => s.contains(element));
  }

  if (sections.length > 1) {
    form.classList.add("as-steps");
    stepNav.hidden = false;
    stepNav.addEventListener("click", (e) => {
      const b = e.target.closest("[data-step]");
      if (b) showStep(current + parseInt(b.dataset.step, 10), true);
    });
    pills.forEach((p, i) =>
      p.addEventListener("click", (e) => {
        e.preventDefault();
        showStep(i, true);
      }),
    );
    // Links to a field (the error summary) open its section.
    document.addEventListener("click", (e) => {
      const link = e.target.closest("a[href^='#id_'], a[href^='#div_id_']");
      const target = link && document.querySelector(link.getAttribute("href"));
      if (target && stepOf(target) >= 0) showStep(stepOf(target), false);
    });
    const firstError = form.querySelector(".is-invalid, .invalid-feedback");
    showStep(firstError ? Math.max(0, stepOf(firstError)) : 0, false);
  }

  function isAnswered(block) {
    return Array.from(block.querySelectorAll("input, select, textarea")).some((el) => {
      if (!el.name || el.name.endsWith("_notes")) return false;
      if (el.type === "hidden" && !("answer" in el.dataset)) return false; // the centre counts
      if (el.type === "radio" || el.type === "checkbox") return el.checked;
      return el.value.trim() !== "";
    });
  }

  // An answer the server refused on the last save (a number out of range) is not answered.
  const isRefused = (block) => !!block.querySelector("[data-save-error]");

  function updateProgress() {
    let answered = 0;
    let relevant = 0;
    let wrong = 0;
    sections.forEach((section, i) => {
      let a = 0;
      let r = 0;
      section.querySelectorAll(".item-block[data-item]").forEach((block) => {
        if (block.classList.contains("is-hidden-by-skip") || block.querySelector("[data-formset-rows]")) return;
        r += 1;
        if (isRefused(block)) wrong += 1;
        else if (isAnswered(block)) a += 1;
      });
      answered += a;
      relevant += r;
      if (pills[i] && r) {
        let badge = pills[i].querySelector(".badge");
        if (!badge) {
          badge = document.createElement("span");
          badge.className = "badge rounded-pill text-bg-light ms-1";
          pills[i].appendChild(badge);
        }
        badge.textContent = `${a}/${r}`;
      }
    });
    const bar = document.getElementById("progress-bar");
    const progress = document.getElementById("progress");
    let text = S.progress.replace("%(answered)s", answered).replace("%(relevant)s", relevant);
    if (wrong) text += ` · ${S.progress_wrong.replace("%s", wrong)}`;
    progress.hidden = false;
    // The values belong to the element with role=progressbar (the outer box).
    progress.setAttribute("aria-valuenow", String(answered));
    progress.setAttribute("aria-valuemax", String(relevant));
    progress.setAttribute("aria-valuetext", text);
    // Width via CSSOM (allowed by the Content Security Policy, unlike a style attribute).
    bar.style.width = `${relevant ? Math.round((100 * answered) / relevant) : 0}%`;
    document.getElementById("progress-text").textContent = text;
  }

  // The sections holding an answer to correct are marked in the steps: a badge that says
  // "error", and how many in words for screen readers.
  function markSectionErrors() {
    sections.forEach((section, i) => {
      const pill = pills[i];
      if (!pill) return;
      const count = new Set(
        Array.from(section.querySelectorAll(".is-invalid, [data-save-error], .invalid-feedback"))
          .filter((el) => !el.closest(".is-hidden-by-skip"))
          .map((el) => el.closest(".item-block") || el),
      ).size;
      let mark = pill.querySelector("[data-error-badge]");
      if (!count) {
        if (mark) mark.remove();
        return;
      }
      if (!mark) {
        mark = document.createElement("span");
        mark.className = "badge rounded-pill text-bg-danger ms-1";
        mark.dataset.errorBadge = "";
        pill.appendChild(mark);
      }
      mark.textContent = S.section_error;
      const spoken = document.createElement("span");
      spoken.className = "visually-hidden";
      spoken.textContent = ` (${S.section_errors_sr.replace("%s", count)})`;
      mark.appendChild(spoken);
    });
  }

  // ---- status line --------------------------------------------------------------------------
  const statusEl = document.getElementById("save-status");
  document.getElementById("sync-bar").hidden = false;
  function setStatus(kind, extra) {
    const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const text = {
      device: S.saved_device,
      server: `${S.saved_server} ${time}`,
      offline: S.offline,
      saving: S.saving,
      queued: S.queued,
      login: S.login_needed,
      invalid: S.not_saved_invalid,
      conflict: S.conflict,
      locked: S.locked,
      wrong_user: S.wrong_user,
    }[kind];
    statusEl.textContent = extra ? `${text} ${extra}` : text;
    statusEl.dataset.state = kind;
    statusEl.className = `badge border ${
      { server: "text-bg-success", conflict: "text-bg-danger", locked: "text-bg-danger",
        invalid: "text-bg-warning", offline: "text-bg-secondary", login: "text-bg-warning",
        wrong_user: "text-bg-warning",
        queued: "text-bg-info" }[kind] || "text-bg-light"
    }`;
  }

  function showNotice(text, actions) {
    let box = document.getElementById("device-notice");
    if (!box) {
      box = document.createElement("div");
      box.id = "device-notice";
      box.className = "alert alert-warning";
      box.setAttribute("role", "alert");  // announced when it appears
      form.parentNode.insertBefore(box, document.getElementById("sync-bar"));
    }
    box.textContent = text + " ";
    (actions || []).forEach(([label, handler]) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn btn-sm btn-outline-dark ms-1";
      b.textContent = label;
      b.addEventListener("click", () => {
        box.remove();
        handler();
      });
      box.appendChild(b);
    });
  }

  // ---- the copy on this device ----------------------------------------------------------------
  const hasServerErrors =
    !!document.getElementById("error-summary") || !!document.getElementById("conflict");
  const uidInput = form.elements.uid;
  const versionInput = form.elements.base_version;
  const isNew = !form.dataset.recordId;
  let uid = uidInput.value;
  if (isNew) {
    let fromHash = (location.hash.match(/draft=([0-9a-f-]{36})/) || [])[1];
    // Another user's copy (a shared phone) is neither shown nor overwritten: a new form instead.
    if (fromHash && CAS.store.heldByOthers(fromHash) && !CAS.store.get(fromHash)) fromHash = null;
    // A fresh page (perhaps the cached blank form) gets a new id; a page the server sent back
    // with errors keeps the id it was posted with.
    uid = fromHash || (hasServerErrors ? uidInput.value : CAS.uuid4());
    uidInput.value = uid;
    // The id lives in the address, so that a reload (even offline) finds this form's copy.
    history.replaceState(null, "", `${location.pathname}${location.search}#draft=${uid}`);
  } else if (location.hash === "#discard") {
    CAS.store.remove(uid);
    history.replaceState(null, "", location.pathname);
  }

  function serialise() {
    return Array.from(new FormData(form).entries()).filter(([name]) => !SKIP.has(name));
  }

  function apply(fields) {
    const values = new Map();
    for (const [name, value] of fields) {
      if (!values.has(name)) values.set(name, []);
      values.get(name).push(value);
    }
    // Recreate related rows first so that their fields exist.
    for (const [name, value] of values) {
      const match = name.match(/^(.*)-TOTAL_FORMS$/);
      if (!match) continue;
      const total = form.querySelector(`#id_${match[1]}-TOTAL_FORMS`);
      while (total && parseInt(total.value, 10) < parseInt(value[0], 10)) addRow(match[1]);
    }
    for (const [name, vals] of values) {
      if (name === "uid" || name === "base_version") continue;
      form.querySelectorAll(`[name="${CSS.escape(name)}"]`).forEach((el) => {
        if (el.type === "radio" || el.type === "checkbox") el.checked = vals.includes(el.value);
        else if (el.tagName === "SELECT" && el.multiple)
          Array.from(el.options).forEach((o) => (o.selected = vals.includes(o.value)));
        else el.value = vals[0];
      });
    }
    // Options left unchecked are absent from the copy: uncheck them.
    form.querySelectorAll("input[type=checkbox], input[type=radio]").forEach((el) => {
      if (el.name && !values.has(el.name)) el.checked = false;
    });
    form.dispatchEvent(new CustomEvent("cas:applied"));
  }

  function centreName() {
    const centre = form.elements.centre; // kept by centre-picker.js
    return (centre && centre.dataset && centre.dataset.label) || "";
  }

  let item = CAS.store.get(uid);
  const serverVersion = parseInt(versionInput.value || "0", 10);
  if (item && item.fields && !hasServerErrors) {
    if (isNew || (item.baseVersion || 0) >= serverVersion) {
      apply(item.fields);
      if (item.baseVersion && isNew) versionInput.value = item.baseVersion;
      setStatus(item.state === "queued" ? "queued" : "device");
    } else {
      showNotice(S.older_copy, [[S.restore, () => { apply(item.fields); changed(); }]]);
    }
  } else if (isNew) {
    const centre = new URLSearchParams(location.search).get("centre");
    if (centre && form.elements.centre && !form.elements.centre.value) form.elements.centre.value = centre;
    // The visit date starts as today (the blank form may be a copy kept offline from another
    // day): today where the site is, the day the server checks dates against.
    const date = form.elements.visit_date;
    if (date && !hasServerErrors) {
      let today;
      try {
        today = new Intl.DateTimeFormat("en-CA", { timeZone: form.dataset.timeZone }).format(new Date());
      } catch (e) {
        today = "";
      }
      if (/^\d{4}-\d{2}-\d{2}$/.test(today)) {
        date.value = today;
        date.max = today; // the cached page's limit is that of the day it was cached
      }
    }
  } else if (/\/new\/$/.test(location.pathname) && form.dataset.editUrl) {
    // A new form the server kept as a draft (a refused submission): its address is the draft's.
    history.replaceState(null, "", form.dataset.editUrl);
  }

  function baseItem() {
    return {
      uid,
      instrument: form.dataset.instrument,
      title: form.dataset.title,
      url: form.dataset.newUrl,
      pageUrl: isNew ? `${location.pathname}${location.search}#draft=${uid}` : location.pathname,
      recordId: form.dataset.recordId || null,
      state: "editing",
    };
  }

  function saveOnDevice() {
    item = Object.assign(item || baseItem(), {
      fields: serialise(),
      savedAt: new Date().toISOString(),
      baseVersion: parseInt(versionInput.value || "0", 10),
      centreName: centreName(),
      state: item && item.state === "queued" ? "queued" : "editing",
    });
    CAS.store.put(item);
  }

  // ---- autosave to the server ---------------------------------------------------------------
  let dirty = false;
  let stopped = false; // after a conflict or a lock: only the device keeps saving
  let sending = false;

  let sentAlready = false; // see checkSent()

  function changed() {
    if (sentAlready) return;
    applySkipLogic();
    updateProgress();
    saveOnDevice();
    dirty = true;
    if (item.state !== "queued") setStatus(navigator.onLine ? "device" : "offline");
  }

  async function saveToServer(action, saveId) {
    const snapshot = JSON.stringify(item.fields);
    const result = await CAS.post(form.dataset.newUrl, item.fields, {
      action,
      save_id: saveId,
      base_version: versionInput.value,
    });
    if (result.kind === "ok") {
      const editedMeanwhile = JSON.stringify(serialise()) !== snapshot;
      writeRowIds(result.body.rows);
      versionInput.value = result.body.version;
      item.fields = serialise();
      item.baseVersion = result.body.version;
      item.recordId = result.body.id;
      document.dispatchEvent(new CustomEvent("cas:record-saved", { detail: { uid, id: result.body.id } }));
      // A replay means an earlier copy was applied; send the current one on the next tick.
      if (result.body.replay || editedMeanwhile) dirty = true;
      CAS.store.put(item);
    }
    return result;
  }

  let inFlight = null; // the autosave on its way, if any: a submission waits for its answer

  async function autosave(explicit) {
    if (!dirty || stopped || sending || !item || item.state === "queued") return;
    if (!navigator.onLine) return setStatus("offline");
    sending = true;
    dirty = false;
    setStatus("saving");
    if (!item.pendingSaveId) {
      // Kept on the device before it is sent: if the answer is lost (the connection drops,
      // the page reloads) the retry is this same save, which the server recognises, instead
      // of a new one based on a version it has already moved past (a conflict with oneself).
      item.pendingSaveId = CAS.uuid4();
      CAS.store.put(item);
    }
    inFlight = saveToServer("save", item.pendingSaveId);
    let result;
    try {
      result = await inFlight;
    } finally {
      // Both at once, before anything waiting for this save resumes: "Save draft" pressed
      // while this answer arrives is then saved at once (not skipped as still "sending").
      inFlight = null;
      sending = false;
    }
    if (result.kind !== "network") delete item.pendingSaveId;
    handleSaveResult(result, explicit === true); // "Save draft" pressed: the list takes the focus
  }

  // Answers the server refused on an automatic save (a number out of range, say): each said
  // next to its field, as the page would after a reload, and cleared once a save goes through.
  function clearSaveErrors() {
    form.querySelectorAll("[data-save-error]").forEach((note) => {
      const field = document.getElementById(note.dataset.saveError);
      if (field) {
        field.removeAttribute("aria-invalid");
        field.classList.remove("is-invalid");
        const described = (field.getAttribute("aria-describedby") || "").split(" ");
        field.setAttribute("aria-describedby", described.filter((id) => id && id !== note.id).join(" "));
      }
      note.remove();
    });
    const summary = document.getElementById("save-error-summary");
    if (summary) summary.remove();
    markSectionErrors();
    updateProgress();
  }

  // A field's question, as its label or legend says it (without the "(required)" mark); a
  // related row's field says which row.
  function questionOf(field, name) {
    const group = field.type === "radio" || field.type === "checkbox" ? field.closest("fieldset") : null;
    const label = group ? group.querySelector("legend") : form.querySelector(`label[for="${CSS.escape(field.id)}"]`);
    let text = name;
    if (label) {
      const copy = label.cloneNode(true);
      copy.querySelectorAll(".required-mark, .asteriskField, .visually-hidden").forEach((el) => el.remove());
      text = copy.textContent.replace(/\s+/g, " ").trim() || name;
    }
    const row = name.match(/-(\d+)-[^-]+$/);
    return row ? `${text} (${parseInt(row[1], 10) + 1})` : text;
  }

  // The answers refused, listed above the form: each names its question and links to it
  // (the link opens its section), so that a refusal in another section is found.
  function showSaveSummary(entries, focus) {
    let box = document.getElementById("save-error-summary");
    if (!box) {
      box = document.createElement("div");
      box.id = "save-error-summary";
      box.className = "alert alert-danger";
      box.tabIndex = -1;
      form.parentNode.insertBefore(box, document.getElementById("sync-bar"));
    }
    box.replaceChildren();
    const title = document.createElement("p");
    title.className = "fw-semibold mb-1";
    title.textContent = S.save_errors;
    const list = document.createElement("ul");
    list.className = "mb-0 error-list";
    entries.forEach(({ href, label, messages }) => {
      const li = document.createElement("li");
      if (href) {
        const a = document.createElement("a");
        a.href = href;
        a.className = "alert-link";
        a.textContent = label;
        li.append(a, `: ${messages}`);
      } else {
        li.textContent = label ? `${label}: ${messages}` : messages;
      }
      list.appendChild(li);
    });
    box.append(title, list);
    if (focus) box.focus();
  }

  function showSaveErrors(errors, focus) {
    clearSaveErrors();
    const entries = [];
    Object.entries(errors || {}).forEach(([name, messages]) => {
      const found = form.elements.namedItem(name);
      const field = found && !found.tagName ? found[0] : found; // radios: the first of the group
      if (!field || !field.id) {
        entries.push({ label: "", messages: [].concat(messages).join(" ") });
        return;
      }
      entries.push({
        href: `#${document.getElementById(`div_${field.id}`) ? `div_${field.id}` : field.id}`,
        label: questionOf(field, name),
        messages: [].concat(messages).join(" "),
      });
      const note = document.createElement("div");
      note.id = `${field.id}_save_error`;
      note.className = "invalid-feedback d-block";
      note.dataset.saveError = field.id;
      note.textContent = [].concat(messages).join(" ");
      field.setAttribute("aria-invalid", "true");
      field.classList.add("is-invalid");
      const described = field.getAttribute("aria-describedby") || "";
      field.setAttribute("aria-describedby", `${described} ${note.id}`.trim());
      (field.closest("fieldset, .mb-3") || field.parentElement).appendChild(note);
    });
    if (entries.length) showSaveSummary(entries, focus);
    markSectionErrors();
    updateProgress();
    return entries;
  }

  function handleSaveResult(result, focusErrors) {
    if (result.kind === "ok") clearSaveErrors();
    switch (result.kind) {
      case "ok":
        setStatus("server");
        break;
      case "network":
        dirty = true;
        setStatus("offline");
        break;
      case "login":
      case "wrong_user": // another login on this device: the copy here waits for its owner
        dirty = true;
        setStatus(result.kind);
        break;
      case "invalid": {
        // Too large or unreadable: the whole save was refused, not one answer.
        if (result.body.refused) {
          setStatus("invalid", Object.values(result.body.errors || {}).flat().slice(0, 1).join(" "));
          showNotice(result.body.message, []);
          break;
        }
        // Each refused answer named, at its field and in a list above the form.
        const entries = showSaveErrors(result.body.errors, focusErrors);
        const first = entries[0];
        setStatus("invalid", first ? (first.label ? `${first.label}: ${first.messages}` : first.messages) : "");
        break;
      }
      case "conflict":
        stopped = true;
        setStatus("conflict");
        showNotice(S.conflict_long, [[S.compare, () => nativeSubmit("save")]]);
        break;
      default:
        stopped = true;
        setStatus("locked");
    }
  }

  function setHidden(name, value) {
    let input = form.querySelector(`input[type=hidden][name=${name}]`);
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  function nativeSubmit(action) {
    setHidden("action", action);
    form.elements.save_id.value = CAS.uuid4();
    submitting = true;
    HTMLFormElement.prototype.submit.call(form);
  }

  // ---- save and submit buttons ----------------------------------------------------------------
  let submitting = false;
  form.addEventListener("submit", async (event) => {
    if (submitting) return; // a native submission we started ourselves
    event.preventDefault();
    const button = event.submitter;
    const action = button && button.name === "action" ? button.value : "save";
    if (button && button.name === "confirm_version") {
      setHidden("confirm_version", button.value);
      return nativeSubmit("save");
    }
    if (stopped) return nativeSubmit(action); // after a conflict the server's page explains
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    const buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach((b) => (b.disabled = true));
    // An autosave on its way is answered first: the submission builds on the version it
    // makes, instead of racing it with the version before (a conflict with oneself).
    while (inFlight) await inFlight.catch(() => null);
    saveOnDevice();
    try {
      if (action === "save") {
        dirty = true;
        await autosave(true);
        if (!navigator.onLine) setStatus("offline");
        return;
      }
      // Submit: queued on the device first, so that nothing is lost if the request fails.
      // (A queued copy is not autosaved: no autosave starts while the submission is sent.)
      item.state = "queued";
      item.submitSaveId = item.submitSaveId || CAS.uuid4();
      CAS.store.put(item);
      // Photos kept with the form go first, while the record can still take them.
      let result = CAS.beforeSubmit ? await CAS.beforeSubmit(item) : { kind: "ok" };
      if (item.baseVersion) versionInput.value = item.baseVersion;
      if (result.kind === "ok") result = await saveToServer("submit", item.submitSaveId);
      if (result.kind === "ok") {
        CAS.store.markSent(uid, result.body.detail_url);
        CAS.store.remove(uid);
        submitting = true;
        location.assign(`${result.body.detail_url}?sent=1`);
        return;
      }
      if (result.kind === "network" || result.kind === "login" || result.kind === "wrong_user") {
        setStatus(result.kind === "network" ? "queued" : result.kind);
        showNotice(S.queued_long, []);
        return;
      }
      // The server refused (missing answers, a conflict): show its page with every message.
      // Refused for missing answers, it kept the answers as a draft: build on that version.
      if (result.kind === "invalid" && result.body.draft_saved) {
        writeRowIds(result.body.rows);
        versionInput.value = result.body.version;
        item.fields = serialise();
        item.baseVersion = result.body.version;
        item.recordId = result.body.id;
      }
      item.state = "editing";
      delete item.submitSaveId;
      CAS.store.put(item);
      // Too large or unreadable: the page would be refused as well; say why here instead.
      if (result.kind === "invalid" && result.body.refused) return handleSaveResult(result);
      nativeSubmit("submit");
    } finally {
      if (!submitting) buttons.forEach((b) => (b.disabled = false));
    }
  });

  // A queued copy that is edited again leaves the queue until it is submitted again.
  function onEdit(event) {
    if (event && event.target.form && event.target.form !== form) return; // the photo step's
    if (item && item.state === "queued") {
      item.state = "editing";
      delete item.submitSaveId;
    }
    changed();
  }
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  document.addEventListener("cas:sent", (e) => {
    if (e.detail.item.uid === uid) {
      submitting = true;
      location.assign(`${e.detail.body.detail_url}?sent=1`);
    }
  });

  // ---- the visit date against the round's period: a warning, never a refusal --------------
  function checkRoundDate() {
    const block = document.getElementById("round-block");
    const warning = document.getElementById("round-date-warning");
    const round = form.querySelector('[name="round"]');
    const day = form.querySelector('[name="visit_date"]');
    if (!block || !warning || !round || !day) return;
    const period = JSON.parse(block.dataset.periods || "{}")[round.value];
    const value = day.value;
    const outside = Boolean(period && value && (value < period[0] || (period[1] && value > period[1])));
    if (outside) {
      const text = `${period[0]} – ${period[1] || "…"}`;
      warning.textContent = warning.dataset.template.replace("{period}", text);
    }
    warning.hidden = !outside;
  }
  form.addEventListener("change", (e) => {
    if (e.target.name === "round" || e.target.name === "visit_date") checkRoundDate();
  });

  // A form already sent from this device (the browser's Back after a submission, a tab left
  // open): it says so, with a link to the record, and is neither saved nor sent again.
  function checkSent() {
    // Only a new form: a record sent and returned for changes is edited again at its address.
    const sent = isNew ? CAS.store.sent(uid) : null;
    if (!sent || document.getElementById("sent-notice")) return !!sent;
    stopped = true;
    sentAlready = true;
    submitting = true; // nothing more leaves this page
    const box = document.createElement("div");
    box.id = "sent-notice";
    box.className = "alert alert-info";
    box.setAttribute("role", "alert");
    box.tabIndex = -1;
    box.textContent = `${S.sent_already} `;
    if (sent.url) {
      const link = document.createElement("a");
      link.href = sent.url;
      link.className = "alert-link";
      link.textContent = S.sent_open;
      box.appendChild(link);
    }
    form.parentNode.insertBefore(box, document.getElementById("sync-bar"));
    document.getElementById("sync-bar").hidden = true;
    document.getElementById("progress").hidden = true;
    form.inert = true;
    form.classList.add("opacity-50");
    // The notice is what to read: not the place the page was scrolled to before.
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    box.focus();
    window.addEventListener("load", () => box.scrollIntoView({ block: "center" }));
    return true;
  }
  window.addEventListener("pageshow", (e) => {
    if (e.persisted) checkSent(); // restored from the back-forward cache
  });

  applySkipLogic();
  updateProgress();
  markSectionErrors(); // a page the server sent back with errors
  const alreadySent = checkSent();
  setInterval(autosave, AUTOSAVE_MS);
  window.addEventListener("online", () => autosave());
  if (!item) setStatus(navigator.onLine ? "device" : "offline");

  const summary = document.getElementById("error-summary") || document.getElementById("conflict");
  if (summary && !alreadySent) summary.focus();
  // Everything above is in place: the answers restored, the buttons and fields listened to, the
  // focus where it belongs (a test waits for this on a page reached by a click or a submission,
  // whose server-rendered parts show before this script has run).
  form.dataset.script = "ready";
})();
