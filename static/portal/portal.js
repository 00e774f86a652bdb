/* Tenant portal: after a form comes back with errors, move focus to the summary so screen readers
   announce it and keyboard users start there. The page works the same without this script. */
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".p-error-summary");
  if (summary) summary.focus();
});
