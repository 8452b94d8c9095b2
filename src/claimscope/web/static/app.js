// Keyboard navigation (no dependencies): j / k move through the rows of a table or the links
// of a claim page, Enter opens the selected one, "/" goes to the search box, Escape leaves it.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-nav]"));
  var current = -1;
  function select(i) {
    if (!items.length) { return; }
    if (current >= 0) { items[current].classList.remove("sel"); }
    current = Math.max(0, Math.min(items.length - 1, i));
    items[current].classList.add("sel");
    items[current].scrollIntoView({ block: "nearest" });
  }
  items.forEach(function (el, i) {
    if (el.tagName === "TR") {
      el.addEventListener("click", function (e) {
        if (e.target.closest("a")) { return; }
        window.location.href = el.getAttribute("data-href");
      });
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) {
      if (e.key === "Escape") { t.blur(); }
      return;
    }
    if (e.key === "j") { select(current + 1); e.preventDefault(); }
    else if (e.key === "k") { select(current - 1); e.preventDefault(); }
    else if (e.key === "Enter" && current >= 0) {
      window.location.href = items[current].getAttribute("data-href");
      e.preventDefault();
    } else if (e.key === "/") {
      var q = document.getElementById("q");
      if (q) { q.focus(); q.select(); e.preventDefault(); }
    }
  });
}());
