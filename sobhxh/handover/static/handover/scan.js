/* The scan box: each number typed or scanned (a scanner types the digits and Enter) is
   sent at once and confirmed; the answer shows as a coloured line with a mark and words
   (never a sound), read out by screen readers, and the box is cleared for the next one.
   Without this script the box is a plain form that posts and comes back. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-scan]");
  if (!form || !window.fetch) return;
  var box = form.querySelector('input[name="number"]');
  var cue = document.querySelector("[data-scan-cue]");
  var session = document.querySelector("[data-scan-session]");
  var log = document.querySelector("[data-scan-log]");
  var counters = {
    confirmed: document.querySelector("[data-scan-count]"),
    already: document.querySelector("[data-scan-already]"),
    refused: document.querySelector("[data-scan-refused]")
  };
  var counts = { confirmed: 0, already: 0, refused: 0 };
  var queue = Promise.resolve();
  var marks = { confirmed: "✓", already: "!", refused: "✗" };

  function show(answer) {
    var status = answer.ok ? "confirmed" : answer.status === "already" ? "already" : "refused";
    var kind = status === "confirmed" ? "is-ok" : status === "already" ? "is-already" : "is-refused";
    var label = form.getAttribute(
      status === "confirmed" ? "data-label-ok" : status === "already" ? "data-label-already" : "data-label-refused"
    );

    cue.className = "scan-cue " + kind;
    cue.textContent = "";
    var mark = document.createElement("span");
    mark.className = "scan-mark";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = marks[status];
    var words = document.createElement("span");
    words.textContent = label + ": " + answer.message;
    cue.appendChild(mark);
    cue.appendChild(words);

    var item = document.createElement("li");
    item.className = kind;
    var number = document.createElement("span");
    number.className = "scan-number";
    number.textContent = answer.number || "—";
    var text = document.createElement("span");
    text.textContent = answer.message;
    item.appendChild(mark.cloneNode(true));
    item.appendChild(number);
    item.appendChild(text);
    log.insertBefore(item, log.firstChild);

    counts[status] += 1;
    counters[status].textContent = counts[status];
    session.hidden = false;
  }

  function send(number) {
    var data = new FormData(form);
    data.set("number", number);
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.status === 403 || response.redirected) {
        throw new Error(form.getAttribute("data-message-expired"));
      }
      if (!response.ok) throw new Error(form.getAttribute("data-message-failed"));
      return response.json();
    }).then(show, function (error) {
      show({ ok: false, status: "refused", number: number, name: "",
             message: error.message || form.getAttribute("data-message-failed") });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var number = box.value.trim();
    box.value = "";
    box.focus();
    if (!number) return;
    // In the order scanned, even when a scanner is faster than the server.
    queue = queue.then(function () { return send(number); });
  });
  box.focus();
})();
