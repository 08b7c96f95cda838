// What this device keeps: copies of forms being filled and the queue of submissions waiting
// for a connection. Loaded on every page: it shows "N waiting on this device", sends the queue
// when the connection returns (and on demand), and registers the service worker.
(function () {
  "use strict";
  // Everything kept here belongs to the user who typed it (a shared phone): it is stored under
  // its owner's key (not a name), and only that user sees it, restores it or sends it.
  const OWNER = document.body.dataset.deviceOwner || "";
  const PREFIX = "cas:v2:item:";
  const mineKey = (uid) => `${PREFIX}${OWNER}:${uid}`;
  // Kept before owners were recorded: nobody's until someone claims it on /device/.
  const UNOWNED = "cas:v1:item:";
  const strings = JSON.parse(document.getElementById("device-strings")?.textContent || "{}");

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function read(key) {
    try {
      return JSON.parse(localStorage.getItem(key));
    } catch (e) {
      return null;
    }
  }
  function keys(prefix) {
    const found = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key && key.startsWith(prefix)) found.push(key);
    }
    return found;
  }
  const newestFirst = (a, b) => (a.savedAt < b.savedAt ? 1 : -1);

  // The forms sent from this device, by uid, for their owner and for some days: a page of a
  // form already sent (the browser's Back, a tab left open) says so instead of offering it
  // again as a blank form that would be refused.
  const SENT_KEY = `cas:v2:sent:${OWNER}`;
  const SENT_DAYS = 14;
  function sentForms() {
    const all = read(SENT_KEY) || {};
    const since = Date.now() - SENT_DAYS * 24 * 3600 * 1000;
    return Object.fromEntries(Object.entries(all).filter(([, s]) => s && Date.parse(s.at) > since));
  }

  // The logged-in user's items only.
  const store = {
    get(uid) {
      return read(mineKey(uid));
    },
    put(item) {
      item.owner = OWNER;
      localStorage.setItem(mineKey(item.uid), JSON.stringify(item));
      refreshIndicator();
    },
    remove(uid) {
      localStorage.removeItem(mineKey(uid));
      refreshIndicator();
    },
    all() {
      return keys(PREFIX + OWNER + ":").map(read).filter(Boolean).sort(newestFirst);
    },
    // An id that this device keeps for someone else (or for nobody yet): not to be reused.
    heldByOthers(uid) {
      const held = (key) => key.endsWith(`:${uid}`) && key !== mineKey(uid);
      return keys(PREFIX).some(held) || localStorage.getItem(UNOWNED + uid) !== null;
    },
    // How many items other users keep here: counted, never shown.
    othersCount() {
      return keys(PREFIX).filter((key) => !key.startsWith(PREFIX + OWNER + ":")).length;
    },
    unowned() {
      return keys(UNOWNED).map(read).filter(Boolean).sort(newestFirst);
    },
    // "This is mine": an item from before owners were recorded becomes this user's.
    claim(uid) {
      const item = read(UNOWNED + uid);
      if (!item) return null;
      store.put(item);
      localStorage.removeItem(UNOWNED + uid);
      return item;
    },
    removeUnowned(uid) {
      localStorage.removeItem(UNOWNED + uid);
    },
    markSent(uid, url) {
      const sent = sentForms();
      sent[uid] = { url: url || "", at: new Date().toISOString() };
      try {
        localStorage.setItem(SENT_KEY, JSON.stringify(sent));
      } catch (e) {
        /* a full storage: only the notice is lost */
      }
    },
    // {url, at} of a form this user sent from this device, or null.
    sent(uid) {
      return sentForms()[uid] || null;
    },
  };

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Post a stored form. Resolves to {kind, status, body}: kind is "ok", "invalid", "conflict",
  // "locked", "login" (the session has ended), "wrong_user" (someone else is logged in: it
  // waits for its owner) or "network" (no connection, server down). Every save says whose it is.
  async function post(url, fields, overrides) {
    const data = new FormData();
    for (const [name, value] of fields) {
      if (!(name in overrides) && name !== "csrfmiddlewaretoken") data.append(name, value);
    }
    for (const [name, value] of Object.entries(overrides)) data.append(name, value);
    if (!("device_owner" in overrides)) data.append("device_owner", OWNER);
    data.append("csrfmiddlewaretoken", csrfToken());
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CAS-Sync": "1", "X-CSRFToken": csrfToken() },
      });
    } catch (e) {
      return { kind: "network" };
    }
    if (response.type === "opaqueredirect" || response.status === 401) return { kind: "login" };
    let body = {};
    try {
      body = await response.json();
    } catch (e) {
      // A proxy's "too large" page: sending the same again would be refused again.
      if (response.status === 413 || response.status === 400) {
        const message = strings.request_refused;
        return { kind: "invalid", status: response.status, body: { refused: true, message, errors: { __all__: [message] } } };
      }
      // CSRF failure after a new login, a proxy error page, ...
      return { kind: response.status === 403 ? "login" : "network", status: response.status };
    }
    if (response.ok) return { kind: "ok", status: 200, body };
    if (body.kind === "wrong_user") return { kind: "wrong_user", body };
    if (response.status === 409) return { kind: body.conflict ? "conflict" : "locked", body };
    if (response.status === 400) return { kind: "invalid", body };
    if (response.status === 403 || response.status === 404) return { kind: "refused", body };
    return { kind: "network", status: response.status };
  }

  // Send every queued submission once. A lock keeps two tabs from sending the same item at
  // the same moment; the server also recognises a repeated save_id.
  let flushing = false;
  // After a failed attempt (no connection yet, the server restarting) the queue is tried again
  // soon, then less and less often (1 s, 2 s, 4 s ... up to the 20 s of the regular timer):
  // a connection that comes back is used at once, not up to 20 s later.
  let retryDelay = 0;
  let retryTimer = null;
  function retrySoon() {
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 1000, 20000);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flushQueue, retryDelay);
  }
  async function flushQueue() {
    if (flushing) return;
    if (!navigator.onLine) {
      // Offline as far as the browser knows: look again soon (the "online" event is not
      // always sent, e.g. to a page opened while the connection was coming back).
      retrySoon();
      return;
    }
    flushing = true;
    let unreachable = false;
    try {
      const run = async () => {
        for (const item of store.all().filter((i) => i.state === "queued")) {
          // Photos kept with the form go first (see photo-queue.js), then the submission.
          let result = CAS.beforeSubmit ? await CAS.beforeSubmit(item) : { kind: "ok" };
          if (result.kind === "ok") {
            result = await post(item.url, item.fields, {
              action: "submit",
              save_id: item.submitSaveId,
              device_owner: item.owner || OWNER,
            });
          }
          if (result.kind === "ok") {
            store.markSent(item.uid, result.body.detail_url);
            store.remove(item.uid);
            document.dispatchEvent(new CustomEvent("cas:sent", { detail: { item, body: result.body } }));
          } else if (["network", "login", "wrong_user"].includes(result.kind)) {
            // It waits: for the connection, or for its owner to log in again.
            item.lastError = result.kind;
            store.put(item);
            if (result.kind !== "network") showLoginNeeded();
            else unreachable = true;
            break;
          } else {
            if (result.body && result.body.draft_saved) {
              // Refused for missing answers, but kept as a draft on the server: build on it.
              item.baseVersion = result.body.version;
              item.recordId = result.body.id;
            }
            item.state = "attention";
            item.lastError = result.kind;
            item.message = (result.body && result.body.message) || "";
            store.put(item);
          }
        }
      };
      if (navigator.locks) await navigator.locks.request("cas-queue", run);
      else await run();
    } finally {
      flushing = false;
      if (unreachable) retrySoon();
      else retryDelay = 0;
      refreshIndicator();
      document.dispatchEvent(new CustomEvent("cas:queue-changed"));
    }
  }

  function showLoginNeeded() {
    const note = document.getElementById("device-login-needed");
    if (note) note.hidden = false;
  }

  function refreshIndicator() {
    const indicator = document.getElementById("device-indicator");
    if (!indicator) return;
    const items = store.all();
    const waiting = items.filter((i) => i.state === "queued").length;
    const attention = items.filter((i) => i.state === "attention").length;
    indicator.hidden = waiting + attention === 0;
    const count = indicator.querySelector("[data-count]");
    if (count) {
      count.textContent =
        waiting === 1 ? strings.waiting_one : (strings.waiting_many || "").replace("%s", waiting);
      if (attention) count.textContent += ` · ${(strings.attention || "").replace("%s", attention)}`;
    }
  }

  window.CAS = { uuid4, store, post, flushQueue, refreshIndicator, strings, csrfToken, owner: OWNER };

  refreshIndicator();
  window.addEventListener("online", flushQueue);
  window.addEventListener("storage", refreshIndicator);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") flushQueue();
  });
  setInterval(flushQueue, 20000);
  flushQueue();

  if ("serviceWorker" in navigator && document.body.dataset.serviceWorker) {
    navigator.serviceWorker.register(document.body.dataset.serviceWorker, { scope: "/" }).catch(() => {});
  }
  // Logging out says what still waits on this device for this user (it stays, for them alone,
  // and is sent when they log in again). Pages cached for offline use belong to this login.
  const logout = document.getElementById("logout-form");
  if (logout) {
    logout.addEventListener("submit", async (event) => {
      event.preventDefault();
      const forms = store.all().filter((i) => i.state !== "editing").length;
      let photos = 0;
      try {
        const late = new Promise((resolve) => setTimeout(() => resolve([]), 1000)); // never stuck
        photos = CAS.photos ? (await Promise.race([CAS.photos.all(), late])).length : 0;
      } catch (e) {
        /* no IndexedDB: no photos */
      }
      const waiting = forms + photos;
      if (waiting && !window.confirm((strings.logout_waiting || "%s").replace("%s", waiting))) return;
      const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (worker) worker.postMessage("clear-pages");
      HTMLFormElement.prototype.submit.call(logout);
    });
  }
})();
