(function () {
  // Remember the reader's font size across pages and mirror it on <html data-font-size>, so
  // the size applies where CSS :has() does not (Firefox ESR 115); without JS, :has() works.
  var key = "jarida-font-size", root = document.documentElement, group = document.getElementById("font-size");
  function apply(value) {
    root.setAttribute("data-font-size", value);
    group.querySelectorAll("label").forEach(function (label) {
      label.classList.toggle("is-checked", label.querySelector("input").value === value);
    });
  }
  try {
    var saved = localStorage.getItem(key);
    var input = saved && group.querySelector('input[value="' + saved + '"]');
    if (input) input.checked = true;
  } catch (error) { /* storage disabled: the choice lasts for this page only */ }
  apply(group.querySelector("input:checked").value);
  group.addEventListener("change", function (event) {
    apply(event.target.value);
    try { localStorage.setItem(key, event.target.value); } catch (error) { /* as above */ }
  });
})();
