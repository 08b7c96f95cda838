// The record's centre: a search that filters the registry as one types (by name, state and
// municipality), following the WAI-ARIA combobox pattern with a list popup. The registry
// comes from the device's copy of /centres/choices.json (kept by the service worker and
// revalidated with its ETag), so that a new form can be started with no connection; the
// page itself renders only the chosen centre. The field's value, in a hidden input, is the
// centre's number; without a choice it is the typed text, which the server looks up by exact
// name. Without this script the text box alone does that.
(function () {
  "use strict";
  const root = document.querySelector("[data-centre-picker]");
  if (!root || !window.CAS) return;
  const S = window.CAS.strings;
  const MAX_SHOWN = 30;
  const input = root.querySelector("input[name]");
  const id = input.id;
  const label = document.querySelector(`label[for="${id}"]`);
  if (label && !label.id) label.id = `${id}_label`;

  // The value sent with the form takes over the field's name.
  const hidden = document.createElement("input");
  hidden.type = "hidden";
  hidden.name = input.name;
  hidden.dataset.answer = ""; // counts as an answer in the form's progress
  hidden.value = root.dataset.centreId || input.value;
  input.removeAttribute("name");
  input.removeAttribute("required");
  root.appendChild(hidden);

  // The popup: the list of matching centres and, below it, how many more match.
  const popup = document.createElement("div");
  popup.className = "centre-popup border rounded bg-body";
  popup.hidden = true;
  const listbox = document.createElement("ul");
  listbox.id = `${id}_listbox`;
  listbox.className = "list-group list-group-flush";
  listbox.setAttribute("role", "listbox");
  if (label) listbox.setAttribute("aria-labelledby", label.id);
  const more = document.createElement("div");
  more.className = "form-text px-3 pb-2";
  more.hidden = true;
  popup.append(listbox, more);
  input.insertAdjacentElement("afterend", popup);

  const live = document.createElement("div");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  root.appendChild(live);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);
  input.setAttribute("autocapitalize", "off");

  // The chosen centre, shown as text with a control to change it.
  const chosen = document.createElement("div");
  chosen.className = "centre-chosen";
  chosen.setAttribute("role", "group");
  if (label) chosen.setAttribute("aria-labelledby", label.id);
  chosen.hidden = true;
  const chosenText = document.createElement("div");
  chosenText.className = "flex-grow-1";
  chosenText.id = `${id}_chosen`;
  const change = document.createElement("button");
  change.type = "button";
  change.className = "btn btn-outline-secondary";
  change.textContent = S.centre_change;
  change.setAttribute("aria-describedby", chosenText.id);
  chosen.append(chosenText, change);
  input.insertAdjacentElement("beforebegin", chosen);

  const hint = root.querySelector("[data-centre-hint]");
  if (hint) hint.textContent = S.centre_hint;

  // ---- the registry on this device --------------------------------------------------------
  const fold = (text) =>
    String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  let loading = null;
  let centres = null; // [{id, name, state, municipality, key, nameKey}]
  const byId = new Map();

  async function readList() {
    const url = root.dataset.choicesUrl;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok) return await response.json();
    } catch (e) {
      /* no connection and no service worker: the page's own look in the device's cache */
    }
    try {
      const stored = window.caches && (await caches.match(url));
      if (stored) return await stored.json();
    } catch (e) {
      /* nothing stored */
    }
    return null;
  }

  function load() {
    if (!loading) {
      loading = readList().then((data) => {
        if (!data || !Array.isArray(data.centres)) {
          loading = null; // try again at the next keystroke
          return null;
        }
        centres = data.centres.map(([pk, name, state, municipality]) => {
          const entry = {
            id: String(pk),
            name,
            where: `${municipality}, ${state}`,
            nameKey: fold(name),
            key: fold(`${name} ${municipality} ${state} ${pk}`),
          };
          byId.set(entry.id, entry);
          return entry;
        });
        return centres;
      });
    }
    return loading;
  }

  // Every word typed must appear (in any order); names that start with the first word come
  // first, then names with a word that starts with it, each in the list's order (by name).
  // One pass, no sort: fast enough for tens of thousands of centres on a phone.
  function filter(query) {
    const words = fold(query).split(/\s+/).filter(Boolean);
    const first = words[0] || "";
    const ranked = [[], [], []];
    for (const c of centres) {
      if (!words.every((w) => c.key.includes(w))) continue;
      ranked[c.nameKey.startsWith(first) ? 0 : c.nameKey.includes(` ${first}`) ? 1 : 2].push(c);
    }
    return ranked.flat();
  }

  // ---- the popup ------------------------------------------------------------------------------
  let matches = [];
  let active = -1;
  let previous = null; // the choice before "change", restored by Escape

  function open(list) {
    matches = list.slice(0, MAX_SHOWN);
    active = -1;
    listbox.replaceChildren(
      ...matches.map((c, i) => {
        const li = document.createElement("li");
        li.id = `${id}_option_${c.id}`;
        li.className = "list-group-item list-group-item-action";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.index = String(i);
        const name = document.createElement("span");
        name.className = "d-block";
        name.textContent = c.name;
        const where = document.createElement("span");
        where.className = "d-block small text-body-secondary";
        where.textContent = c.where;
        li.append(name, where);
        return li;
      }),
    );
    popup.hidden = matches.length === 0;
    input.setAttribute("aria-expanded", String(matches.length > 0));
    input.removeAttribute("aria-activedescendant");
    more.hidden = list.length <= MAX_SHOWN;
    more.textContent = S.centre_more
      .replace("%(shown)s", matches.length)
      .replace("%(found)s", list.length);
    live.textContent =
      list.length === 0
        ? S.centre_none
        : list.length === 1
          ? S.centre_found_one
          : S.centre_found.replace("%s", list.length);
  }

  function close() {
    popup.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function isOpen() {
    return !popup.hidden;
  }

  function highlight(index) {
    const options = listbox.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((o, i) => o.setAttribute("aria-selected", String(i === active)));
    options.forEach((o, i) => o.classList.toggle("active", i === active));
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  async function search() {
    if (!(await load())) {
      live.textContent = S.centre_no_list;
      if (hint) hint.textContent = S.centre_no_list;
      return false;
    }
    open(filter(input.value));
    return true;
  }

  // ---- the value --------------------------------------------------------------------------
  function notify() {
    hidden.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function showChosen(entry) {
    chosenText.replaceChildren();
    const name = document.createElement("span");
    name.className = "fw-semibold d-block";
    name.textContent = entry.name;
    chosenText.appendChild(name);
    if (entry.where) {
      const where = document.createElement("span");
      where.className = "small text-body-secondary";
      where.textContent = entry.where;
      chosenText.appendChild(where);
    }
    hidden.dataset.label = entry.name;
    input.value = entry.name;
    chosen.hidden = false;
    input.hidden = true;
    close();
  }

  function showInput(text) {
    chosen.hidden = true;
    input.hidden = false;
    input.value = text;
    hidden.dataset.label = text;
  }

  function choose(entry) {
    previous = null;
    hidden.value = entry.id;
    showChosen(entry);
    change.focus();
    notify();
  }

  // Show what the hidden value holds: a centre's number, typed text, or nothing.
  async function render() {
    const value = hidden.value.trim();
    if (!/^\d+$/.test(value)) return showInput(value);
    if (value === root.dataset.centreId) {
      return showChosen({ id: value, name: root.dataset.centreName, where: root.dataset.centrePlace });
    }
    showChosen({ id: value, name: S.centre_number.replace("%s", value), where: "" });
    await load();
    if (hidden.value.trim() === value && byId.has(value)) showChosen(byId.get(value));
  }

  // ---- events -----------------------------------------------------------------------------
  input.addEventListener("input", () => {
    hidden.value = input.value; // until a centre is chosen, what is typed is the answer
    hidden.dataset.label = input.value;
    search();
  });

  input.addEventListener("keydown", async (event) => {
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        event.preventDefault();
        if (!isOpen()) {
          if (!(await search()) || event.altKey) return;
          highlight(event.key === "ArrowDown" ? 0 : -1);
        } else if (!event.altKey) {
          highlight(active + (event.key === "ArrowDown" ? 1 : -1));
        }
        break;
      case "Enter":
        if (!isOpen()) return;
        event.preventDefault(); // never submits the form while the list is open
        if (active >= 0) choose(matches[active]);
        else if (matches.length === 1) choose(matches[0]);
        break;
      case "Escape":
        if (isOpen()) {
          event.preventDefault();
          close();
        } else if (previous) {
          event.preventDefault();
          hidden.value = previous;
          previous = null;
          await render();
          change.focus();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          hidden.value = "";
          notify();
        }
        break;
      case "Tab":
        close();
        break;
      default:
    }
  });

  // Pointer: choose without taking the focus away from the box first.
  listbox.addEventListener("mousedown", (event) => event.preventDefault());
  listbox.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) choose(matches[parseInt(option.dataset.index, 10)]);
  });

  input.addEventListener("focus", () => load());
  input.addEventListener("blur", () => {
    close();
    // Left empty after "change": the earlier choice stays.
    if (!input.value.trim() && previous) {
      hidden.value = previous;
      previous = null;
      render();
    }
  });

  change.addEventListener("click", () => {
    previous = hidden.value;
    showInput("");
    input.focus();
    load();
  });

  // The form's script restored answers from this device: show the restored centre.
  if (input.form) input.form.addEventListener("cas:applied", () => render());

  // A new form opened from a centre's page with no connection (the device's blank form):
  // the centre named in the address.
  const fromAddress = new URLSearchParams(location.search).get("centre");
  if (!hidden.value && fromAddress && /^\d+$/.test(fromAddress)) hidden.value = fromAddress;
  render();
})();
