// A little enhancement; every page works without it.
// Filters in a <form class="filters"> apply as soon as a choice changes.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches(".filters select")) field.form.requestSubmit();
});
