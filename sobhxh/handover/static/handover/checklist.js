/* Checklists of the review and handover pages. Everything here is a convenience: without
   this script every checkbox, answer and field still works and is always shown. */
(function () {
  "use strict";

  // "Select all on this page", and a live count of the boxes ticked.
  document.querySelectorAll("form[data-checklist]").forEach(function (form) {
    var all = form.querySelector("[data-select-all]");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[data-pick]"));
    var counter = form.querySelector("[data-selected-count]");
    if (!boxes.length) return;

    function refresh() {
      var ticked = boxes.filter(function (box) { return box.checked; }).length;
      boxes.forEach(function (box) {
        var row = box.closest("tr");
        if (row) row.classList.toggle("is-picked", box.checked);
      });
      if (all) {
        all.checked = ticked === boxes.length;
        all.indeterminate = ticked > 0 && ticked < boxes.length;
      }
      if (counter) {
        counter.hidden = false;
        counter.textContent = counter.getAttribute("data-label") + " " + ticked;
      }
    }

    if (all) {
      all.closest("[data-select-all-label]").hidden = false;
      all.addEventListener("change", function () {
        boxes.forEach(function (box) { box.checked = all.checked; });
        refresh();
      });
    }
    boxes.forEach(function (box) { box.addEventListener("change", refresh); });
    refresh();
  });

  // Answers: the "what is wrong" fields only for the rows answered "Wrong".
  document.querySelectorAll("form[data-answers]").forEach(function (form) {
    var rows = Array.prototype.slice.call(form.querySelectorAll("tr[data-answer-row]"));

    function choiceOf(pk) {
      var chosen = form.querySelector('input[name="answer-' + pk + '"]:checked');
      return chosen ? chosen.value : "";
    }

    function show(row, focus) {
      var pk = row.getAttribute("data-answer-row");
      var choice = choiceOf(pk);
      var details = document.getElementById("dispute-" + pk);
      row.classList.toggle("is-right", choice === "confirm");
      row.classList.toggle("is-wrong", choice === "dispute");
      if (!details) return;
      details.hidden = choice !== "dispute";
      var wrong = row.querySelector('input[value="dispute"]');
      if (wrong) wrong.setAttribute("aria-expanded", choice === "dispute" ? "true" : "false");
      if (focus && choice === "dispute") {
        var first = details.querySelector("input, textarea");
        if (first) first.focus();
      }
    }

    rows.forEach(function (row) {
      show(row, false);
      row.querySelectorAll('input[type="radio"]').forEach(function (radio) {
        radio.addEventListener("change", function () { show(row, true); });
      });
    });

    var markAll = form.querySelector("[data-mark-all-right]");
    if (markAll && rows.length) {
      markAll.hidden = false;
      markAll.addEventListener("click", function () {
        rows.forEach(function (row) {
          var pk = row.getAttribute("data-answer-row");
          if (choiceOf(pk) === "") {
            var right = row.querySelector('input[value="confirm"]');
            if (right) right.checked = true;
            show(row, false);
          }
        });
      });
    }
  });

  // Receipts: the authorised person's name only when that box is ticked.
  document.querySelectorAll("form[data-receipts]").forEach(function (form) {
    form.querySelectorAll("input[data-authorised]").forEach(function (box) {
      var pk = box.getAttribute("data-authorised");
      var name = form.querySelector('[data-authorised-name="' + pk + '"]');
      if (!name) return;
      function show(focus) {
        name.hidden = !box.checked && !name.value;
        if (focus && box.checked) name.focus();
      }
      box.addEventListener("change", function () { show(true); });
      show(false);
    });
  });
})();
