// Draws every chart on the page: each .chart element names the URL of its Bokeh JSON item in data-src.
(function () {
  "use strict";
  document.querySelectorAll(".chart[data-src]").forEach(function (el) {
    fetch(el.dataset.src).then(function (r) {
      return r.json().then(function (item) {
        if (!r.ok) { throw new Error(item.detail || item.error || r.statusText); }
        return Bokeh.embed.embed_item(item, el.id);
      });
    }).then(function () {
      el.dataset.drawn = "1";
    }).catch(function (err) {
      el.dataset.drawn = "error";
      el.textContent = "The chart could not be drawn: " + err.message;
    });
  });
}());
