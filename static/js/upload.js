// The upload pages (a static file: the Content-Security-Policy allows no inline script).

// The batch table follows its files while the worker reads them, and the batch's progress (pages, time left).
(function () {
  var table = document.getElementById("files");
  if (!table || table.dataset.pending !== "1") return;
  var touched = false;
  var form = document.getElementById("batch-form");
  if (form) form.addEventListener("change", function () { touched = true; });
  function poll() {
    fetch(table.dataset.statusUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
      var newlyRead = false;
      document.getElementById("progress").textContent = data.progress;
      data.files.forEach(function (f) {
        var row = document.getElementById("file-" + f.id);
        if (!row) return;
        if (row.className !== "state-" + f.status && f.status !== "reading" && f.status !== "queued") newlyRead = true;
        row.className = "state-" + f.status;
        row.querySelector(".label").textContent = f.label;
        var detail = row.querySelector(".detail");
        if (detail) detail.textContent = f.status === "refused" ? f.reason : f.progress;
      });
      if (newlyRead && !touched) { window.location.reload(); return; }
      if (newlyRead) document.getElementById("new-files").className = "shown";
      if (data.pending) setTimeout(poll, 1500);
    }).catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();

// Select all or none, and say how many are selected.
(function () {
  var all = document.getElementById("select-all");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=selected]"));
  var count = document.getElementById("selected-count");
  function say() {
    var n = boxes.filter(function (b) { return b.checked; }).length;
    if (count) count.textContent = "已选 " + n + " / " + boxes.length + " 个待确认的文件";
    if (all) all.checked = n > 0 && n === boxes.length;
  }
  if (all) all.addEventListener("change", function () {
    boxes.forEach(function (b) { b.checked = all.checked; });
    say();
  });
  boxes.forEach(function (b) { b.addEventListener("change", say); });
  say();
})();

// A button that throws work away asks first (放弃所选, 放弃此文件).
for (const button of document.querySelectorAll("[data-confirm]")) {
  button.addEventListener("click", (event) => {
    if (!window.confirm(button.dataset.confirm)) event.preventDefault();
  });
}
