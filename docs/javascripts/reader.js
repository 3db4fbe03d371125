// Names for the landmarks and dialog Material leaves unnamed (axe: aria-dialog-name, landmark-unique).
(function () {
  "use strict";
  var search = document.querySelector(".md-search[role=dialog]");
  if (search) search.setAttribute("aria-label", "搜索");

  // Material adds a <nav> of buttons to each code block after load: name each one after its block.
  function label(root) {
    root.querySelectorAll(".md-code__nav:not([aria-label])").forEach(function (nav) {
      var all = Array.prototype.indexOf.call(document.querySelectorAll(".md-code__nav"), nav) + 1;
      nav.setAttribute("aria-label", "第 " + all + " 个代码块的操作");
    });
  }
  // Whatever scrolls sideways (tables, diagrams at natural size) must be reachable by keyboard.
  function focusable(root) {
    root.querySelectorAll(".md-typeset__scrollwrap:not([tabindex]), div.mermaid:not([tabindex])").forEach(function (el) {
      el.setAttribute("tabindex", "0");
      if (el.classList.contains("mermaid")) el.setAttribute("role", "group");
    });
  }
  function update() { label(document); focusable(document); }
  update();
  new MutationObserver(update).observe(document.body, { childList: true, subtree: true });
})();

// A Chinese query matches a page through its sections, so Material links the page itself with an
// empty ?h= and nothing is highlighted there: give that link the query the reader typed.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.md-search-result__link");
  var input = document.querySelector(".md-search__input");
  if (!link || !input || !input.value.trim()) return;
  var url = new URL(link.href);
  if (url.searchParams.get("h")) return;
  url.searchParams.set("h", input.value.trim());
  link.href = url.href;
}, true);
