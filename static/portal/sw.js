/* The portal's service worker, served from /portal/sw.js so it looks after every page of the portal.

   It keeps its own copies of the pages a signed-in resident has seen (home, my tickets, a ticket with its
   photos, the report wizard) to read them offline, and of the portal's CSS, JS and icons. The server
   sends those pages with Cache-Control: no-store, so no browser cache holds them; these copies are this
   worker's alone and go when the resident signs out (Clear-Site-Data on the sign-out answer) or lands on
   the sign-in page any other way (a session that ended). A copy served offline is marked with the time it
   was kept (data-offline-copy on <html>); offline.js shows "Offline – Stand vom …" from it.
   Network first, always: online, the resident sees the live page, never a copy. */
"use strict";

const PAGES = "portal-pages-v1";
const ASSETS = "portal-assets-v1";
const SCOPE = new URL(self.registration.scope).pathname;
// Pages worth reading offline, as paths below the scope (portal/urls.py; tests/portal/test_installable.py
// checks that they still name those pages). Nothing else of a resident is kept.
const KEEP = [/^$/, /^meldungen\//, /^melden\//, /^haus\/$/, /^aushang\/$/, /^anhang\/\d+\/vorschau\/$/];
const SIGN_IN = /^anmelden\//;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== PAGES && name !== ASSETS) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

function portalPath(url) {
  if (url.origin !== self.location.origin || !url.pathname.startsWith(SCOPE)) return null;
  return url.pathname.slice(SCOPE.length);
}

const keeps = (path) => path !== null && KEEP.some((pattern) => pattern.test(path));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // Forms, sign-out and the report itself go straight to the server, untouched.
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = portalPath(url);
  if (request.mode === "navigate") {
    if (path !== null) event.respondWith(page(request, path));
    return;
  }
  // htmx asks for bare wizard steps: they are no page to read offline.
  if (request.headers.has("HX-Request")) return;
  if (request.destination === "image" && keeps(path)) {
    event.respondWith(networkFirst(request, PAGES));
  } else if (path === null && ["style", "script", "font", "image"].includes(request.destination)) {
    event.respondWith(networkFirst(request, ASSETS));
  }
});

/* The report wizard's steps arrive by htmx; offline.js asks for the page it ends on to be kept whole. */
self.addEventListener("message", (event) => {
  const url = new URL(event.data && event.data.keep, self.location.origin);
  if (!keeps(portalPath(url))) return;
  event.waitUntil(
    fetch(url, { credentials: "same-origin" })
      .then((response) => (isPage(response) ? keep(PAGES, url.href, response) : null))
      .catch(() => null),
  );
});

async function page(request, path) {
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const copy = await (await caches.open(PAGES)).match(request.url, { ignoreVary: true });
    if (copy) return markedCopy(copy);
    throw offline;
  }
  if (SIGN_IN.test(path)) {
    await caches.delete(PAGES); // signed out, or the session ended: nothing of the resident stays
  } else if (keeps(path) && isPage(response)) {
    await keep(PAGES, request.url, response.clone());
  }
  return response;
}

async function networkFirst(request, cacheName) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await keep(cacheName, request.url, response.clone());
    return response;
  } catch (offline) {
    const copy = await (await caches.open(cacheName)).match(request.url, { ignoreVary: true });
    if (copy) return copy;
    throw offline;
  }
}

// A page as the signed-in resident saw it: a 200 HTML answer, not a redirect to sign in.
function isPage(response) {
  return (
    response.ok &&
    !response.redirected &&
    response.type === "basic" &&
    (response.headers.get("Content-Type") || "").startsWith("text/html")
  );
}

async function keep(cacheName, url, response) {
  const headers = new Headers(response.headers);
  headers.set("X-Kept-At", new Date().toISOString());
  headers.delete("Vary"); // matched by address alone; "Vary: *" would make the cache refuse it
  const copy = new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
  await (await caches.open(cacheName)).put(url, copy);
}

async function markedCopy(copy) {
  const keptAt = copy.headers.get("X-Kept-At") || "";
  const html = (await copy.text()).replace(/<html(\s|>)/, `<html data-offline-copy="${keptAt}"$1`);
  return new Response(html, { status: 200, headers: copy.headers });
}
