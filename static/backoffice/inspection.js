// Begehung on a phone: each form of the protocol saves itself when a field changes (the page works
// without this: every form has its own save button), and the signature fields draw with finger or pen
// into a canvas whose PNG is sent with the form. No inline scripts: this file is allowed by the CSP.
(function () {
  "use strict";

  var status = document.querySelector("[data-insp-status]");

  function say(text) {
    if (status) status.textContent = text;
  }

  function autosave(form) {
    var timer = null;
    function send() {
      var data = new FormData(form);
      // A photo is sent by the form's own submit (the page reloads to show it).
      Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (f) {
        data.delete(f.name);
      });
      fetch(form.action, {
        method: "POST",
        body: data,
        headers: { "X-Autosave": "1" },
        credentials: "same-origin",
      }).then(function (response) {
        say(response.ok ? form.dataset.saved || "✓" : form.dataset.failed || "!");
        if (!response.ok) form.submit();
      }, function () {
        say(form.dataset.failed || "!");
      });
    }
    form.addEventListener("change", function (event) {
      if (event.target.type === "file") {
        if (event.target.files.length) form.submit();
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(send, 300);
    });
  }

  function signature(form) {
    var canvas = form.querySelector("canvas");
    var image = form.querySelector("input[name=image]");
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    function blank() {
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      drawn = false;
    }
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * (canvas.width / box.width),
        y: (event.clientY - box.top) * (canvas.height / box.height),
      };
    }
    blank();
    ctx.lineWidth = 3;
    ctx.lineCap = "round";
    ctx.strokeStyle = "#000";
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var p = point(event);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      drawn = true;
      event.preventDefault();
    });
    function stop() {
      drawing = false;
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    form.querySelector("[data-clear]").addEventListener("click", blank);
    form.addEventListener("submit", function () {
      image.value = drawn ? canvas.toDataURL("image/png") : "";
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), autosave);
  Array.prototype.forEach.call(document.querySelectorAll("form[data-signature]"), signature);
})();
