// A little enhancement; every page works without it. Filters apply when the form is sent (the 筛选
// button or Enter), never on a change: an arrow key in a select must not reload the page.
// A sent form drops its empty fields, so that the address carries only what was chosen (the server
// does the same with a redirect when scripts are off).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.method.toLowerCase() !== "get") return;
  for (const field of form.elements) {
    if (field.name && field.value === "") field.disabled = true;
  }
  setTimeout(() => { for (const field of form.elements) field.disabled = false; });
});

// Panels that take the whole screen of a phone (filters, the per-year chart) start closed there.
if (window.matchMedia("(max-width: 760px)").matches) {
  for (const panel of document.querySelectorAll("details[data-closed-on-phone]")) panel.open = false;
}

// 返回上一页 on the error page: back where the reader came from (without scripts, the home page).
for (const link of document.querySelectorAll("a[data-back]")) {
  link.addEventListener("click", (event) => {
    if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
  });
}
