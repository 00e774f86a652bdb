// "Kopieren" buttons of the payment page: shown only where the clipboard can be written; without
// JavaScript the values are selectable text.
(function () {
  if (!navigator.clipboard) return;
  const status = document.getElementById("pay-copied");
  document.querySelectorAll(".pay-copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        if (status) status.textContent = button.dataset.done || "✓";
      });
    });
  });
})();
