// CAS Assessment service worker {{ version }}: caches the app shell, the static files, the
// blank forms and the registry the forms' centre search filters (kept on its own, revalidated
// by its ETag), so that a researcher who has logged in once can start a form offline.
"use strict";
const CACHE = "cas-{{ version }}";
const STATIC_URLS = {{ static_urls|safe }};
const PAGES = {{ pages|safe }};
const DATA_URLS = {{ data_urls|safe }};
const CACHED_PREFIXES = {{ cached_prefixes|safe }};
const OFFLINE_TEXT = {{ offline_text|safe }};

// Cached pages belong to one login: they carry its name and its device key (the body's
// data-device-owner). They are cleared when it logs out, and when a page from the network shows
// that someone else is logged in; the blank forms are then cached again, for them. A page
// fetched before a clearing is not stored after it.
const OWNER_KEY = "/sw-pages-owner";
let generation = 0;

async function ownerOf(response) {
  if (!response || !(response.headers.get("Content-Type") || "").startsWith("text/html")) return "";
  const match = (await response.clone().text()).match(/<body[^>]*\sdata-device-owner="([^"]*)"/);
  return match ? match[1] : "";
}

async function clearPages() {
  generation += 1;
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    if (!new URL(request.url).pathname.startsWith("/static/")) await cache.delete(request);
  }
}

async function keepPagesFor(response) {
  const owner = await ownerOf(response);
  if (!owner) return; // the login page, an error page: nobody's
  const cache = await caches.open(CACHE);
  const stored = await cache.match(OWNER_KEY);
  if (!stored || (await stored.text()) !== owner) {
    await clearPages();
    await cache.put(OWNER_KEY, new Response(owner));
  }
  for (const url of [...PAGES, ...DATA_URLS]) {
    if (!(await cache.match(url))) await cachePage(cache, url); // one at a time
  }
}

async function cachePage(cache, url) {
  const started = generation;
  try {
    const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
    // Only real pages: never a redirect to the login page stored in a form's place.
    if (response.ok && response.type === "basic" && started === generation) {
      await cache.put(url, response.clone());
      return response;
    }
  } catch (e) {
    /* offline at install: the pages are cached when next visited */
  }
  return null;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      await cache.addAll(STATIC_URLS);
      const pages = await Promise.all(PAGES.map((url) => cachePage(cache, url)));
      await Promise.all(DATA_URLS.map((url) => cachePage(cache, url)));
      const owner = (await Promise.all(pages.map(ownerOf))).find(Boolean);
      if (owner) await cache.put(OWNER_KEY, new Response(owner));
      await self.skipWaiting();
    }),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "clear-pages") event.waitUntil(clearPages());
});

function cacheable(url) {
  return CACHED_PREFIXES.some((prefix) =>
    prefix === "/" ? url.pathname === "/" : url.pathname.startsWith(prefix),
  );
}

// Data: asked of the server with the stored copy's ETag (a 304 costs no transfer), the stored
// copy when there is no connection or the session has ended.
async function revalidated(url) {
  const cache = await caches.open(CACHE);
  const key = url.origin + url.pathname;
  const stored = await cache.match(key);
  const etag = stored && stored.headers.get("ETag");
  try {
    const response = await fetch(key, {
      credentials: "same-origin",
      cache: "no-store",
      redirect: "manual",
      headers: etag ? { "If-None-Match": etag } : {},
    });
    if (response.status === 304 && stored) return stored;
    if (response.ok && response.type === "basic") {
      await cache.put(key, response.clone());
      return response;
    }
    return stored || response;
  } catch (e) {
    return stored || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;

  if (DATA_URLS.includes(url.pathname)) {
    event.respondWith(revalidated(url));
    return;
  }

  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode !== "navigate") return;

  // Pages: the network first (always fresh when online), the stored copy when offline.
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const key = url.origin + url.pathname;
      const started = generation;
      try {
        const response = await fetch(request);
        // A page is stored under its path: only its plain address, never one with a query
        // (a form opened for one centre must not become the blank form of every other).
        const plain = !url.search;
        if (response.ok && !response.redirected && plain && cacheable(url) && started === generation) {
          await cache.put(key, response.clone());
        }
        if (response.ok) event.waitUntil(keepPagesFor(response));
        return response;
      } catch (e) {
        const hit = await cache.match(key);
        if (hit) return hit;
        return new Response(
          `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
            `<title>Offline</title><p>${OFFLINE_TEXT}</p><p><a href="${PAGES[0]}">${PAGES[0]}</a> · ` +
            `<a href="${PAGES[1]}">${PAGES[1]}</a> · <a href="${PAGES[2]}">${PAGES[2]}</a></p>`,
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } },
        );
      }
    })(),
  );
});
