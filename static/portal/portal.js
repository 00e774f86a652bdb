/* Tenant portal: after a form comes back with errors, move focus to the summary so screen readers
   announce it and keyboard users start there. The page works the same without this script. */
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".p-error-summary");
  if (summary) summary.focus();
});

/* When htmx swaps in the next wizard step, the page does not load anew, so a screen reader would hear
   nothing and focus would be lost on a removed link: move it to the error summary or the step's heading. */
document.addEventListener("htmx:after:settle", (event) => {
  const step = event.target;
  if (!(step instanceof Element) || step.id !== "report-step") return;
  const target = step.querySelector(".p-error-summary") || step.querySelector("h1");
  if (target) target.focus();
});

/* A swapped-in step has its own address; the language switch must come back to it, not to the page
   that was first loaded. */
for (const name of ["htmx:after:history:push", "htmx:after:history:replace"]) {
  document.addEventListener(name, () => {
    for (const next of document.querySelectorAll('.p-lang input[name="next"]')) {
      next.value = location.pathname + location.search;
    }
  });
}

/* A browser sends each photo with its own file name. Django's form parser refuses a request whose part
   header passes 1 KB (the whole form, its text too, is lost) and drops a photo whose name it cannot read,
   so a name that is long or holds more than letters, digits, spaces and ._-()+ is replaced by a short
   one as soon as the photo is chosen, and again before sending. The server keeps names only to show. */
const PLAIN_FILE_NAME = /^[\p{L}\p{N} ._()+-]{1,200}$/u;

function plainFileNames(input) {
  const files = Array.from(input.files || []);
  const plain = (file) => PLAIN_FILE_NAME.test(file.name.normalize("NFC"));
  if (files.every(plain) || typeof DataTransfer === "undefined") return;
  const renamed = new DataTransfer();
  files.forEach((file, index) => {
    if (plain(file)) {
      renamed.items.add(file);
      return;
    }
    const extension = (/\.([A-Za-z0-9]{1,5})$/.exec(file.name) || ["", ""])[1].toLowerCase();
    const name = `foto-${index + 1}${extension ? `.${extension}` : ""}`;
    renamed.items.add(new File([file], name, { type: file.type, lastModified: file.lastModified }));
  });
  input.files = renamed.files;
}

document.addEventListener(
  "change",
  (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === "file") plainFileNames(event.target);
  },
  true,
);
/* Capturing, so it runs before htmx reads the form. */
document.addEventListener(
  "submit",
  (event) => {
    if (!(event.target instanceof HTMLFormElement)) return;
    for (const input of event.target.querySelectorAll('input[type="file"]')) plainFileNames(input);
  },
  true,
);
