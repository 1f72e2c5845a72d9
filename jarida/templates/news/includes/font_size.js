(function () {
  // Remember the reader's font size across pages; without JS the radios still work.
  var key = "jarida-font-size", group = document.getElementById("font-size");
  try {
    var saved = localStorage.getItem(key);
    var input = saved && group.querySelector('input[value="' + saved + '"]');
    if (input) input.checked = true;
    group.addEventListener("change", function (event) {
      localStorage.setItem(key, event.target.value);
    });
  } catch (error) { /* storage disabled: the choice lasts for this page only */ }
})();
