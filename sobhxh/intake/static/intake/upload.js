/* Upload page: asks the status every 2 seconds and moves the progress bar; reloads the
   page once the import has finished, so the server renders the summary. Without
   JavaScript, a <noscript> meta refresh does the same job less smoothly. */
(function () {
  "use strict";
  var card = document.querySelector("[data-upload-status]");
  if (!card || !window.fetch) {
    return;
  }
  var url = card.getAttribute("data-upload-status");
  var bar = card.querySelector("[data-upload-bar]");
  var fill = bar && bar.querySelector(".progress-bar");
  var text = card.querySelector("[data-upload-text]");
  var label = document.querySelector("[data-upload-status-label]");
  var EVERY = 2000;

  function show(data) {
    if (data.percent !== null && bar && fill) {
      fill.setAttribute("width", String(data.percent));
      bar.setAttribute("aria-valuenow", String(data.percent));
    }
    if (text) {
      text.textContent = data.progress_text;
    }
    if (label) {
      label.textContent = data.status_label;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.finished) {
          window.location.reload();
          return;
        }
        if (data) {
          show(data);
        }
        window.setTimeout(poll, EVERY);
      })
      .catch(function () {
        window.setTimeout(poll, EVERY);
      });
  }

  window.setTimeout(poll, EVERY);
})();
