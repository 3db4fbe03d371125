// Load mermaid (2.7 MB) only on pages that have a diagram, and only when Material asks to render one.
//
// Material renders `.mermaid` blocks with the global `mermaid` and, when there is none, fetches it
// from a CDN. This script runs before Material mounts its components, so on a page with a diagram
// it puts a stand-in `mermaid` there: the first render loads the copy this site serves
// (javascripts/mermaid.min.js, next to this file), then hands over to it.
(function () {
  "use strict";
  if (!document.querySelector(".mermaid")) return;

  var src = new URL("mermaid.min.js", document.currentScript.src).href;
  var settings = null;
  var loading = null;

  // On a narrow screen a diagram scaled to the column has ~5 px labels: keep its natural size
  // instead and let the column scroll sideways (see .mermaid in badges.css).
  var narrow = window.matchMedia("(max-width: 44.9375em)").matches;

  function load() {
    loading = loading || new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () {
        var real = window.mermaid;
        var config = Object.assign({}, settings || {});
        if (narrow) config.flowchart = Object.assign({}, config.flowchart, { useMaxWidth: false });
        real.initialize(config);
        resolve(real);
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }

  window.mermaid = {
    initialize: function (config) { settings = config; },
    render: function (id, text) {
      return load().then(function (real) { return real.render(id, text); });
    }
  };
})();
