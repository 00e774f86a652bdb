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
