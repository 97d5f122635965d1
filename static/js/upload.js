// The batch page follows its files while the worker reads them (a static file: the Content-Security-Policy
// allows no inline script).
(function () {
  var table = document.getElementById("files");
  if (table.dataset.pending !== "1") return;
  var edited = false;
  var form = document.getElementById("preview-form");
  if (form) form.addEventListener("input", function () { edited = true; });
  function poll() {
    fetch(table.dataset.statusUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
      var newlyRead = false;
      data.files.forEach(function (f) {
        var row = document.getElementById("file-" + f.id);
        if (!row) return;
        if (row.className !== "state-" + f.status && f.status !== "reading" && f.status !== "queued") newlyRead = true;
        row.className = "state-" + f.status;
        row.querySelector(".label").textContent = f.label;
        row.querySelector(".detail").textContent = f.status === "refused" ? f.reason : f.progress;
      });
      if (newlyRead && !edited) { window.location.reload(); return; }
      if (newlyRead) document.getElementById("new-files").className = "shown";
      if (data.pending) setTimeout(poll, 1500);
    }).catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();

// A button that throws work away asks first (全部放弃).
for (const button of document.querySelectorAll("[data-confirm]")) {
  button.addEventListener("click", (event) => {
    if (!window.confirm(button.dataset.confirm)) event.preventDefault();
  });
}
