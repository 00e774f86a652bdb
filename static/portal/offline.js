/* Tenant portal, offline: registers the service worker (sw.js), marks a page read from its copy
   ("Offline – Stand vom …"), and keeps the report form's draft (texts, choices, photos shrunk in the
   browser to at most 1600 px JPEG) in IndexedDB. A report sent without a connection stays on the device
   and goes out when the phone is online again, under the form's send key, so the server makes one ticket
   however often it arrives. The texts come translated from this script tag's data- attributes. Without
   this script the portal works as before, online. */
(() => {
  "use strict";

  const script = document.currentScript;
  const say = script.dataset;
  const DB = "portal-drafts";
  const STORE = "drafts";
  const MAX_SIDE = 1600;
  const QUALITY = 0.8;
  const offlineCopy = document.documentElement.dataset.offlineCopy;
  const sending = new Set();

  // Contractors' pages share the portal's layout but are no part of the app.
  if ("serviceWorker" in navigator && say.serviceWorker && location.pathname.startsWith(say.scope)) {
    navigator.serviceWorker.register(say.serviceWorker, { scope: say.scope }).catch(() => {});
    // The first page a new worker takes came from the network past it: it asks the worker to keep it too.
    if (!navigator.serviceWorker.controller && !offlineCopy) {
      navigator.serviceWorker.addEventListener("controllerchange", () => keepPage(location.pathname + location.search), {
        once: true,
      });
    }
  }

  function keepPage(url) {
    const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ keep: url });
  }

  /* --- notes on the page --------------------------------------------------------------------------- */

  function note(id, where, message, link) {
    let box = document.getElementById(id);
    if (!box) {
      box = document.createElement("p");
      box.id = id;
      box.className = "p-card p-notice";
      box.setAttribute("role", "status");
      where.prepend(box);
    }
    box.textContent = message;
    if (link) {
      const a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      box.append(" ", a);
    }
    return box;
  }

  function showOfflineCopy() {
    if (!offlineCopy) return;
    const when = new Date(offlineCopy);
    const lang = document.documentElement.lang || undefined;
    const stamp = isNaN(when) ? "" : when.toLocaleString(lang, { dateStyle: "short", timeStyle: "short" });
    note("offline-copy", document.getElementById("main") || document.body, say.offlineCopy.replace("{when}", stamp));
  }

  /* --- IndexedDB: one draft per form address ------------------------------------------------------- */

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "url" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  // Pages without a form only look for drafts when there are any: opening would create the database.
  async function haveDrafts() {
    if (!("indexedDB" in window)) return false;
    if (!indexedDB.databases) return true;
    return (await indexedDB.databases()).some((db) => db.name === DB);
  }

  async function store(mode, work) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => {
        db.close();
        resolve(request.result);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        reject(tx.error);
      };
    });
  }

  const draftGet = (url) => store("readonly", (s) => s.get(url));
  const draftPut = (draft) => store("readwrite", (s) => s.put(draft));
  const draftDelete = (url) => store("readwrite", (s) => s.delete(url));
  const draftsAll = () => store("readonly", (s) => s.getAll());

  /* --- the report form ----------------------------------------------------------------------------- */

  function reportForm() {
    const key = document.querySelector('input[name="report_key"]');
    return key && key.form;
  }

  const formUrl = (form) => form.getAttribute("hx-post") || location.pathname + location.search;
  const photoInput = (form) => form.querySelector('input[type="file"][name="photos"]');

  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function fieldsOf(form) {
    const fields = [];
    for (const el of form.elements) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken" || el.name === "report_key") continue;
      if (["file", "submit", "button", "reset"].includes(el.type)) continue;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) continue;
      if (el.tagName === "SELECT" && el.multiple) {
        for (const option of el.selectedOptions) fields.push([el.name, option.value]);
      } else {
        fields.push([el.name, el.value]);
      }
    }
    return fields;
  }

  function restore(form, draft) {
    const values = new Map();
    for (const [name, value] of draft.fields) values.set(name, [...(values.get(name) || []), value]);
    for (const el of form.elements) {
      if (!el.name || ["file", "hidden", "submit", "button", "reset"].includes(el.type)) continue;
      const given = values.get(el.name) || [];
      if (el.type === "checkbox" || el.type === "radio") el.checked = given.includes(el.value);
      else if (el.tagName === "SELECT" && el.multiple) for (const o of el.options) o.selected = given.includes(o.value);
      else if (given.length) el.value = given[0];
    }
    const input = photoInput(form);
    if (input && draft.photos.length) input.files = asFileList(draft.photos);
  }

  function asFileList(files) {
    const transfer = new DataTransfer();
    for (const file of files) transfer.items.add(file);
    return transfer.files;
  }

  // A phone's photo is 3 to 12 MB; drawn again at most 1600 px wide as JPEG it is a few hundred KB, sent
  // in a cellar and kept on the device. A file the browser cannot draw is kept as it is.
  async function shrink(file) {
    if (!file.type.startsWith("image/")) return file;
    let bitmap;
    try {
      bitmap = await createImageBitmap(file);
    } catch {
      return file;
    }
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
    if (!blob || (scale === 1 && file.type === "image/jpeg" && blob.size >= file.size)) return file;
    const name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
    return new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified });
  }

  let shrinking = Promise.resolve();

  async function save(form, { pending = false } = {}) {
    await shrinking;
    const url = formUrl(form);
    const before = await draftGet(url);
    const input = photoInput(form);
    await draftPut({
      url,
      key: form.elements.report_key.value,
      fields: fieldsOf(form),
      photos: input ? [...input.files] : [],
      pending: pending || Boolean(before && before.pending),
      savedAt: Date.now(),
    });
  }

  function stored(form) {
    note("draft-note", form, say.draftStored);
  }

  let timer;
  function saveSoon(form) {
    clearTimeout(timer);
    timer = setTimeout(() => save(form).catch(() => {}), 300);
  }

  async function setUp({ swapped = false, afterSend = false } = {}) {
    const form = reportForm();
    if (!form || form.dataset.draft) return;
    form.dataset.draft = "on";
    const url = formUrl(form);
    if (swapped && !offlineCopy) keepPage(url);
    form.addEventListener("input", () => saveSoon(form));
    form.addEventListener("change", (event) => {
      const input = event.target;
      if (input.type === "file" && input.name === "photos" && input.files.length) {
        shrinking = Promise.all([...input.files].map(shrink)).then((files) => {
          input.files = asFileList(files);
        });
      }
      saveSoon(form);
    });
    if (afterSend) {
      // The server showed the form again (it wants more): what is on screen is the draft now.
      await save(form);
      return;
    }
    const draft = (await haveDrafts()) ? await draftGet(url) : undefined;
    if (draft) {
      restore(form, draft);
      // A draft that was sent keeps its key, so the server knows it if it arrived before.
      if (draft.pending) {
        form.elements.report_key.value = draft.key;
        stored(form);
        if (navigator.onLine) await send(draft);
        return;
      }
    }
    // A kept copy of the page carries the key of the day it was kept, perhaps already used.
    if (offlineCopy) form.elements.report_key.value = newKey();
  }

  /* Without a connection the form is not sent: it is kept, and sent by send() when the phone is online. */
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (form !== reportForm() || navigator.onLine) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      save(form, { pending: true }).then(() => stored(form));
    },
    true,
  );

  // A connection that drops while the form is on its way: htmx reports a failed fetch.
  document.addEventListener("htmx:error", (event) => {
    const form = reportForm();
    const error = event.detail && event.detail.error;
    if (!form || !form.contains(event.target)) return;
    if (navigator.onLine && !(error && error.name === "TypeError")) return;
    save(form, { pending: true }).then(() => stored(form));
  });

  let sent = null;
  document.addEventListener("htmx:before:request", (event) => {
    const form = reportForm();
    if (form && event.target === form) sent = { url: formUrl(form), key: form.elements.report_key.value };
  });

  document.addEventListener("htmx:after:settle", (event) => {
    if (!(event.target instanceof Element) || event.target.id !== "report-step") return;
    const form = reportForm();
    const came = sent;
    sent = null;
    if (came && !(form && form.elements.report_key.value === came.key)) {
      draftDelete(came.url).catch(() => {}); // the report went through
    }
    setUp({ swapped: true, afterSend: Boolean(came && form) });
  });

  /* --- sending kept reports ------------------------------------------------------------------------ */

  async function send(draft) {
    const token = document.querySelector('input[name="csrfmiddlewaretoken"]');
    if (!token || sending.has(draft.url)) return;
    sending.add(draft.url);
    try {
      const body = new FormData();
      body.append("csrfmiddlewaretoken", token.value);
      body.append("report_key", draft.key);
      for (const [name, value] of draft.fields) body.append(name, value);
      for (const photo of draft.photos) body.append("photos", photo, photo.name);
      let response;
      try {
        response = await fetch(draft.url, {
          method: "POST",
          body,
          credentials: "same-origin",
          headers: { "HX-Request": "true" },
        });
      } catch {
        return; // still no connection: it stays, and goes with the next "online"
      }
      const landed = new URL(response.url);
      if (response.redirected && landed.pathname.startsWith(say.signIn)) return; // signed out meanwhile
      if (response.status >= 500) return; // the server's trouble, not the report's: later again
      const here = reportForm() && formUrl(reportForm()) === draft.url;
      if (response.ok && response.redirected) {
        await draftDelete(draft.url);
        if (here) location.assign(response.url);
        else note("draft-note", document.getElementById("main"), say.draftSent, { href: response.url, text: say.draftOpen });
        return;
      }
      // Refused (409: the key came before with other content) or the form wants more: shown, kept, not resent.
      await draftPut({ ...draft, pending: false });
      if (here) {
        const step = document.getElementById("report-step");
        step.innerHTML = await response.text();
        if (window.htmx) window.htmx.process(step);
        (step.querySelector(".p-error-summary") || step.querySelector("h1") || step).focus();
        setUp();
      } else {
        note("draft-note", document.getElementById("main"), say.draftCheck, { href: draft.url, text: say.draftOpen });
      }
    } finally {
      sending.delete(draft.url);
    }
  }

  async function sendPending() {
    if (!navigator.onLine || !(await haveDrafts())) return;
    for (const draft of await draftsAll()) if (draft.pending) await send(draft);
  }

  window.addEventListener("online", async () => {
    await sendPending();
    if (offlineCopy && !reportForm()) location.reload(); // the live page instead of the kept one
  });

  function start() {
    showOfflineCopy();
    setUp()
      .catch(() => {})
      .then(sendPending)
      .catch(() => {});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
